/** When the server cannot be reached at all: say so plainly and offer to try again. */
import type { ApiError } from '../lib/api.ts';

export function Unreachable({ error, onRetry }: { readonly error: ApiError; readonly onRetry: () => void }) {
  return (
    <main class="app-page">
      <div role="alert">
        <h1>Không kết nối được máy chủ</h1>
        <p>{error.message}</p>
        {error.messageEn && <p lang="en">{error.messageEn}</p>}
      </div>
      <p>
        <button type="button" class="app-button" onClick={onRetry}>
          Thử lại
        </button>
      </p>
    </main>
  );
}
