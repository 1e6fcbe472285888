// RFC 9116 §3: the legacy top-level location MAY redirect to /.well-known/security.txt.
export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: "/.well-known/security.txt" } });
}
