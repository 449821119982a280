// A native <progress> is announced by every screen reader with its value;
// the visible text repeats it for people who cannot read the bar.
export function ProgressBar({ percent, label, text }: { percent: number; label: string; text: string }) {
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label}>
        {percent}%
      </progress>
      <span className="progress__text">{text}</span>
    </div>
  )
}
