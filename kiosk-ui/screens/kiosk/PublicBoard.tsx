/**
 * /cong-khai ("public") — the apology board on a citizen's phone: light (no scanner, camera or keypad
 * code), readable at 390×844, Vietnamese first and English one touch away. The same board as the
 * kiosk's "Thư xin lỗi" tab (ApologyBoard.tsx), in the kiosk's frame without its clock and text-size
 * buttons (a phone has its own).
 */
import { useEffect, useState } from 'preact/hooks';
import { useCentre, useTitle } from '../../components/session.ts';
import { cx } from '../../lib/status.ts';
import { ApologyBoard } from './ApologyBoard.tsx';
import { KioskFooter, KioskHeader } from './Chrome.tsx';
import { DICTIONARIES, LangContext, type Lang } from './i18n.ts';
import s from './kiosk.module.css';

export default function PublicBoard() {
  const centre = useCentre();
  const [lang, setLang] = useState<Lang>('vi');
  const [scale, setScale] = useState(1);
  useTitle(`${DICTIONARIES[lang].boardTitle} · ${DICTIONARIES[lang === 'vi' ? 'en' : 'vi'].boardTitle}`);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <LangContext.Provider value={lang}>
      <div class={cx(s.page, s.pagePhone)}>
        <KioskHeader centre={centre} onToggleLang={() => setLang((l) => (l === 'vi' ? 'en' : 'vi'))} scale={scale} onScale={setScale} />
        <main class={s.main} data-screen="apologies">
          <ApologyBoard />
        </main>
        <KioskFooter centre={centre} />
      </div>
    </LangContext.Provider>
  );
}
