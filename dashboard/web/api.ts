/** The page talks only to its own server: JSON under /api and the /api/events stream. */
import type { ApiErrorJson, NetworkView } from "../api-types.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { cache: "no-store" });
  } catch {
    throw new ApiError(0, "SERVER_UNREACHABLE", "the dashboard server does not answer");
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as ApiErrorJson | null)?.error;
    throw new ApiError(res.status, err?.code ?? "HTTP", err?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** Follows /api/events; EventSource reconnects by itself when the server comes back. */
export function follow(onView: (view: NetworkView) => void, onLink: (up: boolean) => void): void {
  const source = new EventSource("/api/events");
  source.addEventListener("network", (e) => {
    onLink(true);
    onView(JSON.parse((e as MessageEvent<string>).data) as NetworkView);
  });
  source.onerror = () => onLink(false);
}
