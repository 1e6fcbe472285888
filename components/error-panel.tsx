"use client";

import { useSyncExternalStore } from "react";
import { Button, ButtonLink } from "./button";
import { Icon } from "./icons";

/** The request id the server put in `<meta name="request-id">` (see app/layout.tsx). */
function readRequestId(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content || null;
}

const noSubscription = () => () => {};

/** Only the digest Next.js attaches to server errors: never the message or the stack. */
export function errorDigest(error: unknown): string | null {
  if (typeof error === "object" && error !== null && "digest" in error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(digest)) return digest;
  }
  return null;
}

/**
 * What a person sees when something breaks: a plain apology, a way forward and a
 * reference support can look up in the logs. The error's message and stack are
 * never shown (they can hold internals or data).
 */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const requestId = useSyncExternalStore(noSubscription, readRequestId, () => null);
  const digest = errorDigest(error);
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-16 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-red-50 text-red-700">
        <Icon name="alertTriangle" className="size-6" />
      </span>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-slate-600">
        We could not show this page. Try again in a moment. If it keeps happening, contact support and quote the
        reference below.
      </p>
      {(requestId || digest) && (
        <dl className="mt-6 rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          <div className="flex flex-wrap justify-center gap-x-2">
            <dt className="font-medium">Reference:</dt>
            <dd className="font-mono break-all">{requestId ?? digest}</dd>
          </div>
          {requestId && digest && (
            <div className="mt-1 flex flex-wrap justify-center gap-x-2 text-slate-600">
              <dt>Error code:</dt>
              <dd className="font-mono break-all">{digest}</dd>
            </div>
          )}
        </dl>
      )}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {onRetry && <Button onClick={onRetry}>Try again</Button>}
        <ButtonLink href="/" variant="secondary">
          Go to the home page
        </ButtonLink>
      </div>
    </div>
  );
}
