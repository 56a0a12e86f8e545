/**
 * Every word the camera panel says, one dictionary per language, chosen by the kiosk's `lang`. The
 * panel is loaded on demand, so its words travel with it rather than in the kiosk's own dictionary.
 * The English dictionary is typed from the Vietnamese one: a missing phrase fails the build.
 */
import type { CameraProblem } from './camera-problem.ts';

export type Lang = 'vi' | 'en';

interface ProblemText {
  readonly title: string;
  readonly text: string;
}

const vi = {
  title: 'Quét mã vạch bằng camera',
  close: 'Đóng',
  closeLabel: 'Đóng camera, quay lại nhập mã',
  guide: 'Đưa mã vạch vào khung',
  previewLabel: 'Hình từ camera',
  starting: 'Đang mở camera…',
  looking: 'Đang tìm mã vạch… Giữ giấy hẹn thẳng, cách camera khoảng một gang tay.',
  holdStill: 'Đã đọc được một lần — xin giữ yên giấy hẹn.',
  notAKey: 'Mã vạch này không phải mã tra cứu. Hãy đưa mã vạch in trên giấy hẹn (có 16 chữ số bên dưới) vào khung.',
  accepted: 'Đã đọc được mã vạch ✓',
  useKeypad: 'Nhập 16 chữ số',
  retry: 'Thử lại',
  problems: {
    denied: {
      title: 'Camera chưa được phép dùng',
      text: 'Trình duyệt đã chặn camera. Ông/bà có thể nhập 16 chữ số in dưới mã vạch, hoặc cho phép camera trong phần cài đặt của trình duyệt rồi thử lại.',
    },
    'no-camera': {
      title: 'Không tìm thấy camera',
      text: 'Thiết bị này không có camera đang kết nối. Vui lòng nhập 16 chữ số in dưới mã vạch.',
    },
    'in-use': {
      title: 'Camera đang bận',
      text: 'Một ứng dụng khác đang dùng camera. Hãy đóng ứng dụng đó rồi thử lại, hoặc nhập 16 chữ số in dưới mã vạch.',
    },
    insecure: {
      title: 'Không dùng được camera trên kết nối này',
      text: 'Trình duyệt chỉ cho dùng camera trên kết nối an toàn (https). Vui lòng nhập 16 chữ số in dưới mã vạch, hoặc báo cán bộ Trung tâm.',
    },
    unsupported: {
      title: 'Trình duyệt này không dùng được camera',
      text: 'Vui lòng nhập 16 chữ số in dưới mã vạch.',
    },
    failed: {
      title: 'Không mở được camera',
      text: 'Camera không gửi hình về. Vui lòng thử lại, hoặc nhập 16 chữ số in dưới mã vạch.',
    },
  } satisfies Record<CameraProblem, ProblemText>,
};

export type CameraTexts = typeof vi;

const en: CameraTexts = {
  title: 'Scan the barcode with the camera',
  close: 'Close',
  closeLabel: 'Close the camera and go back to typing',
  guide: 'Hold the barcode inside the frame',
  previewLabel: 'Camera picture',
  starting: 'Starting the camera…',
  looking: 'Looking for a barcode… Hold the receipt flat, about a hand’s width from the camera.',
  holdStill: 'Read once — please hold the receipt still.',
  notAKey: 'This barcode is not a lookup key. Hold the barcode printed on your receipt (with 16 digits under it) inside the frame.',
  accepted: 'Barcode read ✓',
  useKeypad: 'Type the 16 digits',
  retry: 'Try again',
  problems: {
    denied: {
      title: 'The camera is not allowed',
      text: 'The browser has blocked the camera. You can type the 16 digits printed under the barcode, or allow the camera in the browser’s settings and try again.',
    },
    'no-camera': {
      title: 'No camera found',
      text: 'This device has no camera connected. Please type the 16 digits printed under the barcode.',
    },
    'in-use': {
      title: 'The camera is busy',
      text: 'Another application is using the camera. Close it and try again, or type the 16 digits printed under the barcode.',
    },
    insecure: {
      title: 'The camera cannot be used on this connection',
      text: 'Browsers allow the camera only over a secure connection (https). Please type the 16 digits printed under the barcode, or tell the centre’s staff.',
    },
    unsupported: {
      title: 'This browser cannot use the camera',
      text: 'Please type the 16 digits printed under the barcode.',
    },
    failed: {
      title: 'The camera could not be started',
      text: 'The camera sends no picture. Please try again, or type the 16 digits printed under the barcode.',
    },
  },
};

export const CAMERA_TEXTS: Record<Lang, CameraTexts> = { vi, en };
