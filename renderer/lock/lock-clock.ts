// The lock screen's clock: time and date in the user's locale, refreshed every second.

export function startClock(timeElement: HTMLElement, dateElement: HTMLElement, onTick?: () => void): () => void {
  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  const render = () => {
    const now = new Date();
    const time = timeFormat.format(now);
    const date = dateFormat.format(now);
    if (timeElement.textContent !== time) timeElement.textContent = time;
    if (dateElement.textContent !== date) dateElement.textContent = date;
    if (timeElement instanceof HTMLTimeElement) timeElement.dateTime = now.toISOString();
    onTick?.();
  };
  render();
  const timer = window.setInterval(render, 1000);
  return () => window.clearInterval(timer);
}
