export default function ProgramPage() {
  return <h1>ProgramPage</h1>;
}
