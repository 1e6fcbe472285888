// The runbook's markdown, rendered safely: react-markdown without raw HTML
// (its default: HTML in the source is shown as text, never parsed), GFM
// tables and lists, links opened without referrer or opener.
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const components: Components = {
  h1: ({ children }) => <h2 className="mt-2 mb-4 text-2xl font-semibold text-slate-900">{children}</h2>,
  h2: ({ children }) => <h3 className="mt-8 mb-3 text-lg font-semibold text-slate-900">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-6 mb-2 text-base font-semibold text-slate-900">{children}</h4>,
  p: ({ children }) => <p className="my-3 text-sm leading-6 text-slate-800">{children}</p>,
  ul: ({ children }) => <ul className="my-3 list-disc space-y-1 pl-6 text-sm text-slate-800">{children}</ul>,
  ol: ({ children }) => <ol className="my-3 list-decimal space-y-1 pl-6 text-sm text-slate-800">{children}</ol>,
  a: ({ href, children }) => (
    <a href={href} rel="noopener noreferrer" className="font-medium text-ember-800 underline underline-offset-4">
      {children}
    </a>
  ),
  table: ({ children }) => (
    <div className="my-4 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm ring-1 ring-slate-200">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="bg-slate-50 px-3 py-2 text-left font-semibold text-slate-700">{children}</th>,
  td: ({ children }) => <td className="border-t border-slate-200 px-3 py-2 align-top text-slate-800">{children}</td>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 text-xs">{children}</code>,
  blockquote: ({ children }) => <blockquote className="my-3 border-l-4 border-slate-300 pl-4 text-slate-700">{children}</blockquote>,
};

export function RunbookMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="max-w-none">
      <Markdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}
