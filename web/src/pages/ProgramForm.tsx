export default function ProgramForm() {
  return <h1>ProgramForm</h1>;
}
