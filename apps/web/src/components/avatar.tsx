/** A member's picture, or the first character of their name; decorative (the name is always next to it). */
export function Avatar({ name, url, size = 36 }: { name: string; url?: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.45) };
  if (url) return <img className="avatar" src={url} alt="" width={size} height={size} />;
  let hue = 0;
  for (const char of name) hue = (hue * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return (
    <span className="avatar" aria-hidden="true" style={{ ...style, background: `hsl(${hue} 45% 40%)` }}>
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
