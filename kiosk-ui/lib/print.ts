/**
 * Opening the receipt PDF in a new tab for printing. Browsers only allow window.open during a click,
 * but the receipt exists only after the POST answers. So the tab is opened empty inside the click
 * (`openPendingTab`) and pointed at the PDF once it exists (`showInTab`), or closed if saving failed.
 * A blocked pop-up gives null: the screen then shows a link instead.
 */
export function openPendingTab(message: string): Window | null {
  let tab: Window | null;
  try {
    tab = window.open('', '_blank');
  } catch {
    return null;
  }
  if (tab) {
    try {
      tab.document.title = message;
      tab.document.body.style.font = '20px system-ui, sans-serif';
      tab.document.body.style.padding = '40px';
      tab.document.body.textContent = message;
    } catch {
      /* the tab works even without the waiting text */
    }
  }
  return tab;
}

export function showInTab(tab: Window, url: string): boolean {
  try {
    if (tab.closed) return false;
    tab.location.href = url;
    return true;
  } catch {
    return false;
  }
}

export function closeTab(tab: Window | null): void {
  try {
    tab?.close();
  } catch {
    /* already closed */
  }
}
