/**
 * The app shell: fonts, base styles and the one route table. Each screen is its own lazy chunk, so a
 * kiosk never downloads the counter's form and a phone looking up a dossier stays light.
 */
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import '@fontsource/be-vietnam-pro/700.css';
import './global.css';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { TrainingBanner } from './components/TrainingBanner/TrainingBanner.tsx';

const Kiosk = lazy(() => import('./screens/kiosk/Kiosk.tsx'));
const Counter = lazy(() => import('./screens/counter/Counter.tsx'));
const Supervisor = lazy(() => import('./screens/supervisor/Supervisor.tsx'));
const Admin = lazy(() => import('./screens/admin/Admin.tsx'));
const PublicBoard = lazy(() => import('./screens/kiosk/PublicBoard.tsx'));

/** The server redirects `/` itself; this covers the Vite dev server. */
function ToKiosk() {
  const { route } = useLocation();
  useEffect(() => route('/kiosk', true), [route]);
  return null;
}

function NotFound() {
  return (
    <main class="app-page">
      <h1>Không tìm thấy trang</h1>
      <p lang="en">Page not found.</p>
      <ul>
        <li>
          <a href="/kiosk">Tra cứu hồ sơ (ki-ốt) / Track your dossier</a>
        </li>
        <li>
          <a href="/cong-khai">Thư xin lỗi công khai / Public letters of apology</a>
        </li>
        <li>
          <a href="/counter">Quầy tiếp nhận / Intake counter</a>
        </li>
        <li>
          <a href="/supervisor">Giám sát / Supervision</a>
        </li>
        <li>
          <a href="/admin">Quản trị tài khoản cán bộ / Staff accounts</a>
        </li>
      </ul>
    </main>
  );
}

export function App() {
  return (
    <LocationProvider>
      {/* Above every route: in training mode no screen can be taken for the real one. */}
      <TrainingBanner />
      <ErrorBoundary>
        <Router>
          <Route path="/" component={ToKiosk} />
          <Route path="/kiosk" component={Kiosk} />
          <Route path="/k/:key" component={Kiosk} />
          <Route path="/counter" component={Counter} />
          <Route path="/supervisor" component={Supervisor} />
          <Route path="/admin" component={Admin} />
          <Route path="/cong-khai" component={PublicBoard} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </LocationProvider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
