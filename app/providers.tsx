"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { StepUpDraftRestorer } from "@/components/step-up-draft";
import { ToastProvider } from "@/components/toast";

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server components render fresh data; client queries need not refetch it at once.
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        // One retry for transient failures; permission and validation errors will not fix themselves.
        retry: 1,
        refetchOnWindowFocus: true,
      },
      mutations: {
        // Never repeat a write on its own: the person decides.
        retry: false,
      },
    },
  });
}

/** Client-side providers, created once per browser session (useState keeps one QueryClient per mount). */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <StepUpDraftRestorer />
        {children}
      </ToastProvider>
    </QueryClientProvider>
  );
}
