import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Link } from 'react-router';
import { RequireArea } from './auth/RequireArea';
import { RouteError } from './components/RouteError';
import type { Area } from './lib/nav';
import Dashboard from './pages/Dashboard';
import IdentityConflicts from './pages/IdentityConflicts';
import SignIn from './pages/SignIn';
import { Shell } from './Shell';

// Sign-in and the dashboard (where most users land) come with the first load; every other
// screen, and the chart library, arrive on first visit.
const Imports = lazy(() => import('./pages/Imports'));
const Programs = lazy(() => import('./pages/Programs'));
const ProgramPage = lazy(() => import('./pages/ProgramPage'));
const ProgramForm = lazy(() => import('./pages/ProgramForm'));
const CohortPage = lazy(() => import('./pages/CohortPage'));
const CohortForm = lazy(() => import('./pages/CohortForm'));
const Trainees = lazy(() => import('./pages/Trainees'));
const NewTrainee = lazy(() => import('./pages/trainees/NewTrainee'));
const TraineePage = lazy(() => import('./pages/TraineePage'));
const Admin = lazy(() => import('./pages/Admin'));
const Audit = lazy(() => import('./pages/admin/Audit'));
const Verify = lazy(() => import('./pages/Verify'));

const guard = (area: Area, page: ReactNode) => <RequireArea area={area}>{page}</RequireArea>;

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}

export const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      {
        // Inside the frame: a screen that fails shows its error where the screen would be.
        errorElement: <RouteError />,
        children: [
          { path: '/signin', element: <SignIn /> },
          { path: '/verify', element: <Verify /> },
          { path: '/verify/:code', element: <Verify /> },
          { path: '/', element: guard('dashboard', <Dashboard />) },
          { path: '/imports', element: guard('imports', <Imports />) },
          { path: '/programs', element: guard('programs', <Programs />) },
          { path: '/programs/new', element: guard('programs', <ProgramForm />) },
          { path: '/programs/:code', element: guard('programs', <ProgramPage />) },
          { path: '/programs/:code/edit', element: guard('programs', <ProgramForm />) },
          { path: '/programs/:code/cohorts/new', element: guard('programs', <CohortForm />) },
          { path: '/cohorts/:code', element: guard('programs', <CohortPage />) },
          { path: '/cohorts/:code/edit', element: guard('programs', <CohortForm edit />) },
          { path: '/identity-conflicts', element: guard('programs', <IdentityConflicts />) },
          { path: '/trainees', element: guard('trainees', <Trainees />) },
          { path: '/trainees/new', element: guard('trainees', <NewTrainee />) },
          { path: '/trainees/:id', element: guard('trainees', <TraineePage />) },
          { path: '/admin', element: guard('admin', <Admin />) },
          { path: '/admin/audit', element: guard('admin', <Audit />) },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
