"""Bodies of the sign-in and password-reset routes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Long enough for any password the rules accept (256 characters, up to 4 bytes each) and no longer: a huge body
# must not become a long Argon2 computation.
PASSWORD_FIELD_MAX = 1024
EMAIL_MAX = 320


class SignIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "maria.alvarez@northfield.edu", "password": "demo-password-2026"}]},
    )
    email: str = Field(min_length=1, max_length=EMAIL_MAX)
    password: str = Field(min_length=1, max_length=PASSWORD_FIELD_MAX)


class SignedIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"access_token": "eyJhbGciOi…", "token_type": "bearer", "expires_in": 28800}]}
    )
    access_token: str = Field(description="The JWT: send it as `Authorization: Bearer …`.")
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token (and the session cookie) expire.")


class PasswordReset(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "maria.alvarez@northfield.edu"}]}
    )
    email: str = Field(min_length=1, max_length=EMAIL_MAX)


class ResetRequested(BaseModel):
    detail: str


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"token": "the token from the emailed link", "password": "a long passphrase"}]},
    )
    token: str = Field(min_length=1, max_length=200, description="The `token` of the emailed link.")
    password: str = Field(min_length=1, max_length=PASSWORD_FIELD_MAX, description="The new password.")
