import { useEffect, useRef, useState } from "react";
import { useBlocker } from "react-router";

import { ModalDialog } from "./ModalDialog";

/**
 * While there are unsaved changes, leaving asks first: a dialog for the app's own links, the browser's prompt for
 * a reload or a closed tab. ``saved()`` clears the flag at once, so the navigation that follows a save passes.
 */
export function useUnsavedGuard() {
  const dirty = useRef(false);
  const [shown, setShown] = useState(false); // mirrors the ref for the beforeunload listener
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!shown) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [shown]);
  const changed = () => {
    dirty.current = true;
    setShown(true);
  };
  const saved = () => {
    dirty.current = false;
    setShown(false);
  };
  const dialog = (
    <ModalDialog title="Leave without saving?" role="alertdialog" isOpen={blocker.state === "blocked"} onClose={() => blocker.reset?.()}>
      <p>The workout has changes that are not saved. They are lost if you leave now.</p>
      <div className="toolbar">
        <button type="button" onClick={() => blocker.reset?.()} className="primary">
          Stay and keep editing
        </button>
        <button type="button" className="danger" onClick={() => blocker.proceed?.()}>
          Leave without saving
        </button>
      </div>
    </ModalDialog>
  );
  return { changed, saved, dialog };
}
