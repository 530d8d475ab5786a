// react-aria injects one <style> element (id "react-aria-pressable-style", touch-action on pressable elements) the
// first time a pressable mounts; the app's Content-Security-Policy (style-src 'self', no inline style) blocks it and
// the console reports the violation. The same rule ships in planner.css; an element with that id, placed before
// any react-aria component mounts, tells react-aria the style is already there (usePress checks getElementById).
const PRESSABLE_STYLE_ID = "react-aria-pressable-style";

export function claimPressableStyle(doc: Document = document): void {
  if (doc.getElementById(PRESSABLE_STYLE_ID) !== null) return;
  const marker = doc.createElement("meta");
  marker.id = PRESSABLE_STYLE_ID;
  marker.name = "react-aria-pressable-style";
  marker.content = "in planner.css";
  doc.head.append(marker);
}
