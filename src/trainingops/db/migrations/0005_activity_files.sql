-- =====================================================================================================
-- 0005 — Activity files (issue 7): the original device file (FIT, GPX, TCX) an athlete's session was filled
-- from, kept so it can be downloaded again, and the result of its import, so that re-uploading the same file
-- for the same athlete returns the same answer and changes nothing (unique athlete + SHA-256 of the content).
--
-- Access: whoever can see one of the file's sessions can read the file, and the athlete always can read their
-- own files. The athlete, or staff of a program whose roster has (or had) the athlete, may store one; the
-- sessions it fills are written under their own policies. Files are never changed or deleted through the API.
-- =====================================================================================================

create table activity_files (
  id           uuid primary key default gen_random_uuid(),
  athlete_id   uuid not null references athletes (id) on delete cascade,
  sha256       text not null,
  filename     text not null,
  format       text not null,
  size_bytes   integer not null,
  content      bytea not null,
  uploaded_by  uuid references users (id) on delete set null,
  created_at   timestamptz not null default now(),
  session_ids  uuid[] not null,
  result       jsonb not null,
  constraint activity_files_sha256_valid check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint activity_files_filename_length check (length(filename) between 1 and 255),
  constraint activity_files_format_valid check (format in ('fit', 'gpx', 'tcx')),
  -- 16 MiB: trainingops.activities.service.MAX_ACTIVITY_UPLOAD_BYTES (a ten-hour ride with every sensor
  -- recorded is a few MB of FIT; the route's body cap is the same figure).
  constraint activity_files_size_cap check (size_bytes between 1 and 16777216),
  constraint activity_files_size_matches check (size_bytes = octet_length(content)),
  constraint activity_files_has_sessions check (cardinality(session_ids) between 1 and 1000),
  constraint activity_files_result_is_object check (jsonb_typeof(result) = 'object'),
  constraint activity_files_one_per_athlete_and_content unique (athlete_id, sha256)
);

comment on table activity_files is
  'Original device files (FIT, GPX, TCX) imported into an athlete''s sessions, with the import''s result: a '
  're-upload of the same content for the same athlete returns that result and writes nothing.';
comment on column activity_files.id is 'Server-generated id; the download path is /api/v1/activity-files/{id}.';
comment on column activity_files.athlete_id is 'The athlete whose activity the file records.';
comment on column activity_files.sha256 is
  'SHA-256 (lower-case hex) of the file content after any gzip was unpacked: the identity of the recording.';
comment on column activity_files.filename is 'The file name as uploaded (no folders); only shown, never trusted.';
comment on column activity_files.format is 'The format read from the content: fit, gpx or tcx.';
comment on column activity_files.size_bytes is 'Size of the stored bytes (as uploaded, possibly gzip).';
comment on column activity_files.content is 'The bytes exactly as uploaded, for download.';
comment on column activity_files.uploaded_by is 'users.id of who uploaded it (the athlete or a staff member).';
comment on column activity_files.created_at is 'When it was uploaded.';
comment on column activity_files.session_ids is
  'The sessions the file filled, one per sport segment, in file order (matched, attached or created).';
comment on column activity_files.result is
  'The response the upload returned (what happened per segment), returned again on a re-upload.';
comment on constraint activity_files_sha256_valid on activity_files is
  'The file hash must be 64 lower-case hexadecimal characters.';
comment on constraint activity_files_filename_length on activity_files is
  'The file name must be 1 to 255 characters.';
comment on constraint activity_files_format_valid on activity_files is 'The file format must be fit, gpx or tcx.';
comment on constraint activity_files_size_cap on activity_files is
  'An activity file can be at most 16 MiB (16,777,216 bytes).';
comment on constraint activity_files_size_matches on activity_files is
  'The recorded size must be the size of the stored bytes.';
comment on constraint activity_files_has_sessions on activity_files is
  'An activity file fills 1 to 1,000 sessions.';
comment on constraint activity_files_result_is_object on activity_files is 'The import result must be a JSON object.';
comment on constraint activity_files_one_per_athlete_and_content on activity_files is
  'This file has already been imported for this athlete.';
comment on constraint activity_files_athlete_id_fkey on activity_files is 'The athlete does not exist.';
comment on constraint activity_files_uploaded_by_fkey on activity_files is 'The uploading user does not exist.';

alter table activity_files enable row level security;
alter table activity_files force row level security;

-- Visible with any of its sessions (the sessions' own policy applies inside the sub-select), and always to
-- the athlete it belongs to.
create policy activity_files_select on activity_files for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or exists (select from athlete_training_sessions s where s.id = any (session_ids)));

-- Stored by the caller as themselves, for themselves (athletes) or for an athlete on (or formerly on) a roster
-- of their program (staff). Which sessions it may fill is decided by the sessions' policies and guard.
create policy activity_files_insert on activity_files for insert to trainingops_app
  with check (uploaded_by = (select app_private.current_user_id())
              and (athlete_id = (select app_private.my_athlete_id())
                   or athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])));

grant select, insert on activity_files to trainingops_app;
