export default function Trainees() {
  return <h1>Trainees</h1>;
}
