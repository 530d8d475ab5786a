import { useEffect } from "react";

/** The tab's title names the screen first, so screen readers and browser history say where you are. */
export function useTitle(screen: string): void {
  useEffect(() => {
    document.title = `${screen} · TrainingOps`;
  }, [screen]);
}
