/** A person's picture: the thumbnail of their avatar, or their initials until they have one. */
export interface AvatarImage {
  src: string;
  width: number;
  height: number;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? "")][0]?.toLocaleUpperCase() ?? "").join("");
}

/** Decorative beside the name it goes with (alt=""), so a screen reader hears the name once. */
export function Avatar({ name, image }: { name: string; image: AvatarImage | null }) {
  if (image) {
    return <img class="avatar" src={image.src} width={image.width} height={image.height} loading="lazy" alt="" />;
  }
  return (
    <span class="avatar avatar-initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
