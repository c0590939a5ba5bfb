/** A member's name with its reading above it (`<ruby>`), when they gave one. */
export function MemberName({ name, furigana }: { name: string; furigana: string | null }) {
  const reading = furigana?.trim();
  if (!reading) return <span className="member-name">{name}</span>;
  return (
    <ruby className="member-name">
      {name}
      <rp>(</rp>
      <rt>{reading}</rt>
      <rp>)</rp>
    </ruby>
  );
}
