import { switchedPath } from "../src/components/ProgramSwitcher";
import { safeNext } from "../src/screens/SignIn";

describe("after sign-in", () => {
  it("follows paths of this app only", () => {
    expect(safeNext("/programs/p/team-ops?week=2026-11-30")).toBe("/programs/p/team-ops?week=2026-11-30");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});

describe("the program switcher", () => {
  it("keeps the screen and drops what belongs to the old program", () => {
    expect(switchedPath("/programs/a/planner/practices/x", "b")).toBe("/programs/b/planner");
    expect(switchedPath("/programs/a/admin", "b")).toBe("/programs/b/admin");
    expect(switchedPath("/athletes/z", "b")).toBe("/programs/b/team-ops");
  });
});
