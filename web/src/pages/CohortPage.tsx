export default function CohortPage() {
  return <h1>CohortPage</h1>;
}
