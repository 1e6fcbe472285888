// User-written markdown (post-mortems, the runbook), rendered safely in one
// place: react-markdown WITHOUT raw HTML (skipHtml: HTML in the text is
// dropped, never parsed), GitHub-flavoured tables/task lists, links that open
// without handing the portal's window to the target, and images shown as
// their alt text (no request to a URL someone typed).
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} rel="noopener noreferrer" target="_blank" className="text-ember-800 underline underline-offset-4">
      {children}
    </a>
  ),
  h1: ({ children }) => <h3 className="mt-4 text-lg font-semibold text-slate-900">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-4 text-base font-semibold text-slate-900">{children}</h4>,
  h3: ({ children }) => <h5 className="mt-3 text-sm font-semibold text-slate-900">{children}</h5>,
  p: ({ children }) => <p className="mt-2 text-sm leading-6 text-slate-800">{children}</p>,
  ul: ({ children }) => <ul className="mt-2 list-disc space-y-1 pl-6 text-sm text-slate-800">{children}</ul>,
  ol: ({ children }) => <ol className="mt-2 list-decimal space-y-1 pl-6 text-sm text-slate-800">{children}</ol>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">{children}</code>,
  pre: ({ children }) => <pre className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs">{children}</pre>,
  blockquote: ({ children }) => <blockquote className="mt-2 border-l-4 border-slate-300 pl-3 text-slate-700">{children}</blockquote>,
  table: ({ children }) => <table className="mt-2 min-w-full divide-y divide-slate-200 text-sm">{children}</table>,
  th: ({ children }) => <th className="px-2 py-1 text-left font-semibold">{children}</th>,
  td: ({ children }) => <td className="px-2 py-1 align-top">{children}</td>,
  img: ({ alt }) => <span className="text-slate-600">[image: {alt}]</span>,
};

export function SafeMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="max-w-none">
      <Markdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}
