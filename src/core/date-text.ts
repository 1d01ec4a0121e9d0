// `YYYY-MM-DD<separator>HH:MM:SS` from a Date's fields, local or UTC: the shape of az's expiresOn (local) and of
// an ExecCredential's RFC 3339 expiry (UTC). Written out by hand: Date's own formatters cost a first call ~0.5-0.8
// ms (the time-zone database, toISOString) on a cache hit that needs neither.

export function dateTimeText(date: Date, utc: boolean, separator: string): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const [year, month, day, hours, minutes, seconds] = utc
    ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(day)}${separator}${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}
