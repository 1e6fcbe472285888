export default function HomePage() {
  return <main><h1>FireFeed Portal</h1></main>;
}
