export default function TraineePage() {
  return <h1>TraineePage</h1>;
}
