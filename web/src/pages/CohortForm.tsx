export default function CohortForm() {
  return <h1>CohortForm</h1>;
}
