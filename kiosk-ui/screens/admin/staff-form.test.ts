import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { departmentProblem, departmentRule, fieldErrorsFrom, folded, nameProblem, passwordProblem, usernameProblem } from './staff-form.ts';

const INTAKE = { code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã' };

describe('the staff form on the screen', () => {
  it('a clerk takes the intake department, officers and leaders need one, the rest may', () => {
    expect(departmentRule('clerk', INTAKE)).toBe('intake');
    expect(departmentRule('clerk', null)).toBe('optional');
    expect(departmentRule('officer', INTAKE)).toBe('required');
    expect(departmentRule('leader', INTAKE)).toBe('required');
    expect(departmentRule('supervisor', INTAKE)).toBe('optional');
    expect(departmentProblem('leader', '', INTAKE)).toMatch(/chọn phòng ban/);
    expect(departmentProblem('leader', 'LD-UBND', INTAKE)).toBeUndefined();
  });

  it('checks the fields as the server does', () => {
    expect(usernameProblem('lan.nt')).toBeUndefined();
    expect(usernameProblem('lân')).toMatch(/không dấu/);
    expect(usernameProblem('  ')).toBe('Nhập tên đăng nhập.');
    expect(nameProblem('Nguyễn Thị Lan')).toBeUndefined();
    expect(nameProblem('Lan 😀')).toMatch(/biểu tượng cảm xúc/);
    expect(nameProblem('L')).toMatch(/2–120/);
    expect(passwordProblem('1234567')).toMatch(/ít nhất 8 ký tự \(đang có 7\)/);
    expect(passwordProblem('        ')).toMatch(/dấu cách/);
    expect(passwordProblem('mật-khẩu-dài')).toBeUndefined();
  });

  it('puts the server’s refusals beside their fields', () => {
    const validation = new ApiError(400, 'VALIDATION_FAILED', 'Thông tin nhập chưa đúng', [{ field: '/password', message: 'Mật khẩu: ít nhất 8 ký tự' }]);
    expect(fieldErrorsFrom(validation)).toEqual({ password: 'Mật khẩu: ít nhất 8 ký tự' });
    expect(fieldErrorsFrom(new ApiError(409, 'USERNAME_TAKEN', 'Tên đăng nhập "lan" đã có người dùng', { username: 'lan' }))).toEqual({ username: 'Tên đăng nhập "lan" đã có người dùng' });
    expect(fieldErrorsFrom(new ApiError(409, 'LAST_ADMIN', 'Đây là tài khoản quản trị cuối cùng'))).toEqual({});
  });

  it('searches without diacritics or case', () => {
    expect(folded('Trần Minh Đức')).toBe('tran minh duc');
    expect(folded('LÊ THỊ HÒA')).toContain('hoa');
  });
});
