// A visible keyboard shortcut beside the action it triggers.
export function Kbd(props: { keys: string }) {
  return (
    <kbd className="kbd" aria-hidden="true">
      {props.keys}
    </kbd>
  );
}
