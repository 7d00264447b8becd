/*
 * intake.js: the page of `tiendo serve` (templates/intake/index.html).
 *
 * A ministry's clerk signs in with the agency's token, downloads the
 * month's pre-filled form, drops the filled CSV, checks it (nothing stored)
 * and submits it (a receipt to print); the secretariat (an admin token)
 * sees the month's board. The contract with the server is
 * /work/intake-contract.md: GET /api/session, POST /api/check,
 * POST /api/submit?period=, GET /api/form?period=, GET /api/status?period=,
 * GET /api/problems?period=&file=, POST /login and /logout as HTML forms.
 *
 * Safety: the Content-Security-Policy forbids inline script and style, so
 * everything lives here and in intake.css. Values from files and from the
 * server are put in the page with textContent only, never as HTML: a
 * `<script>` in a cell shows as text.
 */
'use strict';

(function () {

/** validate's message, which follows "error: [code]" on a terminal, as a
    sentence of its own: its first letter a capital (a quoted value, as
    "đang làm", stays as the file wrote it). */
function sentence(m) {
	return /^\p{Ll}/u.test(m || '') ? m.charAt(0).toUpperCase() + m.slice(1) : m;
}

/* ---- words -------------------------------------------------------------- */

var WORDS = {
vi: {
	'doc.title': 'Tiếp nhận báo cáo tiến độ',
	skip: 'Bỏ qua, đến nội dung chính',
	org: 'Ban Chỉ đạo tổng kết 10 năm thực hiện Nghị quyết 22-NQ/TW về hội nhập quốc tế',
	title: 'Tiếp nhận báo cáo tiến độ hằng tháng',
	loading: 'Đang tải…',
	'lang.nav': 'Ngôn ngữ',
	'login.h': 'Đăng nhập',
	'login.intro': 'Nhập mã truy cập mà Cơ quan thường trực đã cấp cho đơn vị của mình.',
	'login.failed': 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy kiểm tra lại, hoặc liên hệ Cơ quan thường trực để được cấp mã mới.',
	'login.token': 'Mã truy cập',
	'login.help': 'Mã gồm 64 ký tự (chữ số và chữ a–f). Không chia sẻ mã với người ngoài đơn vị.',
	'login.submit': 'Đăng nhập',
	'who.agency': 'Đơn vị báo cáo',
	'who.admin': 'Cơ quan thường trực',
	'who.period': 'Kỳ báo cáo',
	'who.deadline': 'Hạn nộp',
	logout: 'Đăng xuất',
	'step1.h': 'Tải biểu mẫu tháng',
	'step1.p': 'Biểu mẫu đã điền sẵn các nhiệm vụ của đơn vị trong kỳ. Mở bằng Excel, điền tình trạng, tỷ lệ hoàn thành, ngày báo cáo và người liên hệ, rồi lưu dưới dạng “CSV UTF-8”.',
	'step1.link': 'Tải biểu mẫu tháng',
	'step2.h': 'Chọn tệp báo cáo',
	'step2.drop': 'Kéo và thả tệp CSV vào đây',
	'step2.or': 'hoặc',
	'step2.choose': 'Chọn tệp…',
	'step2.chosen': 'Tệp đã chọn: {0} ({1})',
	'step3.h': 'Kiểm tra và nộp',
	'step3.p': '“Kiểm tra” chỉ rà soát tệp, không lưu gì. “Nộp báo cáo” lưu tệp và cấp biên nhận; có thể nộp lại, tệp nộp sau được tính cho các nhiệm vụ mà nó báo cáo.',
	'step3.check': 'Kiểm tra',
	'step3.submit': 'Nộp báo cáo',
	'busy.check': 'Đang kiểm tra tệp…',
	'busy.submit': 'Đang nộp báo cáo…',
	'busy.done': 'Đã kiểm tra xong.',
	'busy.submitted': 'Đã nộp báo cáo. Biên nhận ở bên dưới.',
	'result.h': 'Kết quả kiểm tra',
	'result.h.submit': 'Kết quả kiểm tra tệp đã nộp',
	'verdict.valid': 'Tệp hợp lệ: mọi dòng đều được ghi nhận.',
	'verdict.warnings': 'Tệp hợp lệ, nhưng có cảnh báo cần xem lại.',
	'verdict.invalid': 'Tệp có lỗi: các dòng có lỗi sẽ không được ghi nhận. Hãy sửa rồi kiểm tra lại.',
	'verdict.invalid.stored': 'Tệp có lỗi: các dòng có lỗi không được ghi nhận.',
	'verdict.rejected': 'Tệp bị từ chối toàn bộ: không đọc được tệp. Xem lý do bên dưới.',
	'count.rows': '{0} dòng',
	'count.accepted': '{0} được ghi nhận',
	'count.rejected': '{0} bị loại',
	'count.errors': '{0} lỗi',
	'count.warnings': '{0} cảnh báo',
	'problems.more': 'Còn {0} vấn đề khác không được liệt kê.',
	'sev.error': 'Lỗi',
	'sev.warning': 'Cảnh báo',
	'p.line': 'Dòng {0}',
	'p.col': 'cột {0}',
	'p.field': 'Trường',
	'p.value': 'Giá trị',
	'p.empty': '(trống)',
	'p.row': 'Dòng {0} của tệp; ô có vấn đề được tô đỏ',
	'p.header': 'Dòng tiêu đề của tệp; ô có vấn đề được tô đỏ',
	'p.missing': '(thiếu ô)',
	'p.extra': '(thừa)',
	'p.mark': 'ô có vấn đề',
	'receipt.h': 'Biên nhận báo cáo tiến độ',
	'receipt.agency': 'Đơn vị',
	'receipt.period': 'Kỳ báo cáo',
	'receipt.time': 'Thời điểm tiếp nhận',
	'receipt.file': 'Tệp lưu trữ',
	'receipt.sha': 'Mã băm SHA-256',
	'receipt.rows': 'Số dòng',
	'receipt.accepted': 'Dòng được ghi nhận',
	'receipt.rejected': 'Dòng bị loại',
	'receipt.issues': 'Lỗi / cảnh báo',
	'receipt.issues.v': '{0} lỗi, {1} cảnh báo',
	'receipt.note': 'Mã băm SHA-256 xác định đúng nội dung tệp đã nộp: đối chiếu với tệp của đơn vị để chứng minh tệp nào đã được tiếp nhận.',
	'receipt.print': 'In / Lưu thành PDF',
	'receipt.ok': 'Đã tiếp nhận báo cáo.',
	'receipt.partial': 'Đã tiếp nhận báo cáo; một số dòng bị loại vì có lỗi.',
	'receipt.bad': 'Đã lưu tệp, nhưng tệp bị từ chối: không dòng nào được ghi nhận.',
	'receipt.hanoi': '{1} ngày {0} (giờ Hà Nội)',
	'board.h': 'Tình hình nộp báo cáo trong tháng',
	'board.h.own': 'Báo cáo của đơn vị trong tháng',
	'board.period': 'Kỳ',
	'board.agency': 'Đơn vị',
	'board.status': 'Tình trạng',
	'board.received': 'Thời điểm nhận',
	'board.files': 'Số tệp',
	'board.rows': 'Số dòng',
	'board.rejected': 'Dòng bị loại',
	'board.errors': 'Lỗi',
	'board.caption': 'Tình hình nộp báo cáo {0}',
	'board.files.h': 'Các tệp đã nhận',
	'board.files.none': 'Chưa có tệp nào trong kỳ này.',
	'board.empty': 'Không có đơn vị nào phải báo cáo trong kỳ này.',
	'files.file': 'Tệp',
	'files.agency': 'Đơn vị',
	'files.received': 'Thời điểm nhận',
	'files.rows': 'Dòng',
	'files.rejected': 'Bị loại',
	'files.errors': 'Lỗi',
	'files.problems': 'Vấn đề',
	'files.show': 'Xem vấn đề',
	'files.none': 'Không có',
	'fp.h': 'Vấn đề của tệp {0}',
	'fp.norow': 'Nội dung dòng không hiển thị ở đây: xem tệp gốc.',
	'st.on_time': 'Đúng hạn',
	'st.late': 'Nộp muộn',
	'st.pending': 'Chưa đến hạn',
	'st.missing': 'Chưa nộp',
	'st.rejected': 'Bị từ chối',
	'st.not_due': 'Không phải nộp',
	'err.network': 'Không kết nối được với máy chủ. Hãy thử lại sau ít phút.',
	'err.session': 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
	'err.notcsv': 'Không đọc được tệp đã chọn.',
	month: 'tháng {0}/{1}',
	footer: 'Cơ quan thường trực: Bộ Ngoại giao. Dữ liệu được kiểm tra theo lược đồ báo cáo tiến độ; lỗi được chỉ rõ dòng và cột như trong trình soạn thảo.'
},
en: {
	'doc.title': 'Progress report intake',
	skip: 'Skip to the main content',
	org: 'Steering Committee for the review of ten years of Resolution 22-NQ/TW on international integration',
	title: 'Monthly progress report intake',
	loading: 'Loading…',
	'lang.nav': 'Language',
	'login.h': 'Sign in',
	'login.intro': 'Enter the access token the standing agency issued to your agency.',
	'login.failed': 'This access token is wrong or has been revoked. Check it, or ask the standing agency for a new one.',
	'login.token': 'Access token',
	'login.help': 'The token has 64 characters (digits and the letters a–f). Do not share it outside your agency.',
	'login.submit': 'Sign in',
	'who.agency': 'Reporting agency',
	'who.admin': 'Standing agency',
	'who.period': 'Reporting period',
	'who.deadline': 'Deadline',
	logout: 'Sign out',
	'step1.h': 'Download the month’s form',
	'step1.p': 'The form lists your agency’s tasks for the period. Open it in Excel, fill in the status, percent complete, report date and contact person, then save it as “CSV UTF-8”.',
	'step1.link': 'Download the form for',
	'step2.h': 'Choose the report file',
	'step2.drop': 'Drag and drop the CSV file here',
	'step2.or': 'or',
	'step2.choose': 'Choose a file…',
	'step2.chosen': 'Chosen file: {0} ({1})',
	'step3.h': 'Check and submit',
	'step3.p': '“Check” only reviews the file and stores nothing. “Submit report” stores the file and issues a receipt; you may submit again, and the later file counts for the tasks it reports.',
	'step3.check': 'Check',
	'step3.submit': 'Submit report',
	'busy.check': 'Checking the file…',
	'busy.submit': 'Submitting the report…',
	'busy.done': 'Check finished.',
	'busy.submitted': 'Report submitted. The receipt is below.',
	'result.h': 'Check results',
	'result.h.submit': 'Check results of the submitted file',
	'verdict.valid': 'The file is valid: every row is accepted.',
	'verdict.warnings': 'The file is valid, with warnings to review.',
	'verdict.invalid': 'The file has errors: rows with errors will not be accepted. Correct them and check again.',
	'verdict.invalid.stored': 'The file has errors: the rows with errors are not accepted.',
	'verdict.rejected': 'The whole file is rejected: it cannot be read. The reason is below.',
	'count.rows': '{0} rows',
	'count.accepted': '{0} accepted',
	'count.rejected': '{0} rejected',
	'count.errors': '{0} errors',
	'count.warnings': '{0} warnings',
	'problems.more': '{0} more problems are not listed.',
	'sev.error': 'Error',
	'sev.warning': 'Warning',
	'p.line': 'Line {0}',
	'p.col': 'column {0}',
	'p.field': 'Field',
	'p.value': 'Value',
	'p.empty': '(empty)',
	'p.row': 'Line {0} of the file; the cell at fault in red',
	'p.header': 'The header line of the file; the cell at fault in red',
	'p.missing': '(missing)',
	'p.extra': '(extra)',
	'p.mark': 'cell at fault',
	'receipt.h': 'Progress report receipt',
	'receipt.agency': 'Agency',
	'receipt.period': 'Reporting period',
	'receipt.time': 'Received at',
	'receipt.file': 'Stored file',
	'receipt.sha': 'SHA-256 digest',
	'receipt.rows': 'Rows',
	'receipt.accepted': 'Rows accepted',
	'receipt.rejected': 'Rows rejected',
	'receipt.issues': 'Errors / warnings',
	'receipt.issues.v': '{0} errors, {1} warnings',
	'receipt.note': 'The SHA-256 digest identifies the exact content of the file submitted: compare it with your agency’s copy to show which file was received.',
	'receipt.print': 'Print / Save as PDF',
	'receipt.ok': 'The report has been received.',
	'receipt.partial': 'The report has been received; some rows were rejected for errors.',
	'receipt.bad': 'The file was stored but rejected: no row was accepted.',
	'receipt.hanoi': '{0}, {1} (Hanoi time)',
	'board.h': 'Submissions this month',
	'board.h.own': 'Your agency’s submissions this month',
	'board.period': 'Period',
	'board.agency': 'Agency',
	'board.status': 'Status',
	'board.received': 'Received at',
	'board.files': 'Files',
	'board.rows': 'Rows',
	'board.rejected': 'Rows rejected',
	'board.errors': 'Errors',
	'board.caption': 'Submissions for {0}',
	'board.files.h': 'Files received',
	'board.files.none': 'No file has been received for this period.',
	'board.empty': 'No agency has to report for this period.',
	'files.file': 'File',
	'files.agency': 'Agency',
	'files.received': 'Received at',
	'files.rows': 'Rows',
	'files.rejected': 'Rejected',
	'files.errors': 'Errors',
	'files.problems': 'Problems',
	'files.show': 'Show problems',
	'files.none': 'None',
	'fp.h': 'Problems of {0}',
	'fp.norow': 'The rows themselves are not shown here: see the original file.',
	'st.on_time': 'On time',
	'st.late': 'Late',
	'st.pending': 'Pending',
	'st.missing': 'Missing',
	'st.rejected': 'Rejected',
	'st.not_due': 'Not due',
	'err.network': 'The server cannot be reached. Try again in a few minutes.',
	'err.session': 'Your session has expired. Please sign in again.',
	'err.notcsv': 'The chosen file cannot be read.',
	month: '{2} {1}',
	footer: 'Standing agency: Ministry of Foreign Affairs. Files are checked against the progress report schema; each problem is given by line and column, as an editor shows them.'
}
};

var MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December'];

var params = new URLSearchParams(window.location.search);
var LANG = params.get('lang') === 'en' ? 'en' : 'vi';

/** The words of key in the page's language, {0}, {1}... replaced. */
function t(key) {
	var s = WORDS[LANG][key];
	var args = arguments;
	if (s === undefined)
		s = WORDS.vi[key] !== undefined ? WORDS.vi[key] : key;
	return s.replace(/\{(\d)\}/g, function (m, n) {
		var v = args[Number(n) + 1];
		return v === undefined ? m : String(v);
	});
}

function $(id) { return document.getElementById(id); }

/** A new element with a class and text (textContent: never HTML). */
function el(tag, cls, text) {
	var e = document.createElement(tag);
	if (cls)
		e.className = cls;
	if (text !== undefined && text !== null)
		e.textContent = String(text);
	return e;
}

function clear(node) {
	while (node.firstChild)
		node.removeChild(node.firstChild);
}

/** A count as the language writes it: 1.234 in vi, 1,234 in en. */
function num(n) {
	if (typeof n !== 'number')
		return n === undefined || n === null ? '–' : String(n);
	var s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g,
		LANG === 'vi' ? '.' : ',');
	return (n < 0 ? '−' : '') + s;
}

/** "2026-11" as "tháng 11/2026" or "November 2026". */
function monthName(period) {
	var m = /^(\d{4})-(\d{2})$/.exec(period || '');
	if (!m)
		return period || '';
	return t('month', m[2], m[1], MONTHS_EN[Number(m[2]) - 1]);
}

/** "2026-12-05" as "05/12/2026" or "5 December 2026". */
function dayName(day) {
	var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
	if (!m)
		return day || '';
	if (LANG === 'vi')
		return m[3] + '/' + m[2] + '/' + m[1];
	return Number(m[3]) + ' ' + MONTHS_EN[Number(m[2]) - 1] + ' ' + m[1];
}

/** "2026-12-05 09:17:23" (Hanoi) as the language writes it. */
function timeName(ts) {
	var m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)/.exec(ts || '');
	if (!m)
		return ts || '';
	return t('receipt.hanoi', dayName(m[1]), m[2]);
}

/** The same, short, for tables: "05/12/2026 09:17". */
function shortTime(ts) {
	var m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(ts || '');
	return m ? dayName(m[1]) + ' ' + m[2] : (ts || '');
}

function bytesName(n) {
	if (n < 1024)
		return num(n) + ' B';
	if (n < 1024 * 1024)
		return (n / 1024).toFixed(1).replace('.', LANG === 'vi' ? ',' : '.') + ' KB';
	return (n / 1048576).toFixed(1).replace('.', LANG === 'vi' ? ',' : '.') + ' MB';
}

/** Put the page's words in place: every [data-i18n] element's text. */
function translatePage() {
	document.documentElement.lang = LANG;
	document.title = t('doc.title') + ' · tiendo';
	var nodes = document.querySelectorAll('[data-i18n]');
	for (var i = 0; i < nodes.length; i++)
		nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
	var here = $('lang-' + LANG), other = $('lang-' + (LANG === 'vi' ? 'en' : 'vi'));
	here.setAttribute('aria-current', 'true');
	other.removeAttribute('aria-current');
	document.querySelector('nav.lang').setAttribute('aria-label',
		t('lang.nav') + ' / ' + (LANG === 'vi' ? 'Language' : 'Ngôn ngữ'));
	$('login-lang').value = LANG;
	$('logout-lang').value = LANG;
}

/* ---- the server ------------------------------------------------------- */

var session = null;

function withLang(path) {
	if (LANG !== 'en')
		return path;
	return path + (path.indexOf('?') < 0 ? '?' : '&') + 'lang=en';
}

/**
 * Call the API: resolves to {status, body} (body parsed JSON, or null);
 * rejects only when the server cannot be reached.
 */
function api(method, path, body) {
	var headers = { 'Accept': 'application/json' };
	if (method !== 'GET' && session)
		headers['X-CSRF-Token'] = session.csrf;
	if (body !== undefined)
		headers['Content-Type'] = 'text/csv';
	return fetch(withLang(path), {
		method: method,
		headers: headers,
		body: body,
		credentials: 'same-origin',
		cache: 'no-store'
	}).then(function (res) {
		return res.text().then(function (text) {
			var data = null;
			try {
				data = text ? JSON.parse(text) : null;
			} catch (e) {
				data = null;
			}
			return { status: res.status, body: data };
		});
	});
}

/** Say what failed: beside the buttons while a clerk works, else on top. */
function showError(message) {
	var near = !$('intake').hidden;
	var g = $(near ? 'action-error' : 'global-error');
	g.textContent = message ? message.charAt(0).toUpperCase() + message.slice(1) : '';
	g.hidden = !message;
	$(near ? 'global-error' : 'action-error').hidden = true;
}

/** The server's message for a failed call, or a generic one. */
function failure(r) {
	if (r.status === 401) {
		window.location.assign(withLang('/'));
		return t('err.session');
	}
	if (r.body && r.body.message)
		return r.body.message;
	return 'HTTP ' + r.status;
}

/* ---- the file's text, split as the server's reader does ---------------- */

/**
 * Decode the file's bytes as the reader does: UTF-16 with its BOM, else
 * UTF-8 (bad bytes as U+FFFD: the server says where they are).
 */
function decode(buf) {
	var b = new Uint8Array(buf);
	var enc = 'utf-8';
	if (b.length >= 2 && b[0] === 0xFF && b[1] === 0xFE)
		enc = 'utf-16le';
	else if (b.length >= 2 && b[0] === 0xFE && b[1] === 0xFF)
		enc = 'utf-16be';
	return new TextDecoder(enc).decode(b);
}

/**
 * Split a CSV text into records, each field with the physical line and the
 * column (1-based, in characters: code points) where it starts, as
 * `tiendo validate` counts them: a BOM is not counted, CRLF, LF and CR end
 * lines, a quoted field may hold delimiters, quotes ("") and line ends,
 * the delimiter is Excel's "sep=X" line or the most frequent of , ; TAB
 * outside quotes on the header line (',' on a tie).
 * Returns {delim, records: [{line, endLine, endCol, fields: [{line, col,
 * value, quoted}]}]}.
 */
function splitCsv(text) {
	var cps = Array.from(text);
	var n = cps.length, i = 0, line = 1, col = 1;
	var records = [];
	if (n && cps[0] === '\uFEFF')
		i = 1;
	var sniffed = sniff(cps, i);
	var delim = sniffed.delim;

	function nl(k) { return cps[k] === '\n' || cps[k] === '\r'; }
	function eatNewline() {
		if (cps[i] === '\r' && cps[i + 1] === '\n')
			i += 2;
		else
			i += 1;
		line++;
		col = 1;
	}
	if (sniffed.sepLine) { /* Excel's "sep=;" line is not data */
		i += 5;
		if (i < n)
			eatNewline();
	}

	while (i < n) {
		var rec = { line: line, fields: [], endLine: line, endCol: col };
		for (;;) {
			var f = { line: line, col: col, value: '', quoted: false };
			var v = [];
			if (cps[i] === '"') {
				f.quoted = true;
				i++; col++;
				while (i < n) {
					if (cps[i] === '"') {
						if (cps[i + 1] === '"') {
							v.push('"');
							i += 2; col += 2;
							continue;
						}
						i++; col++;
						break;
					}
					if (nl(i)) {
						v.push('\n');
						eatNewline();
						continue;
					}
					v.push(cps[i]);
					i++; col++;
				}
			}
			/* the rest of an unquoted field, or text after a quote */
			while (i < n && cps[i] !== delim && !nl(i)) {
				v.push(cps[i]);
				i++; col++;
			}
			f.value = v.join('');
			rec.fields.push(f);
			if (i < n && cps[i] === delim) {
				i++; col++;
				continue;
			}
			break;
		}
		rec.endLine = line;
		rec.endCol = col;
		records.push(rec);
		if (i < n)
			eatNewline();
	}
	return { delim: delim, records: records };
}

function sniff(cps, i) {
	var n = cps.length;
	if (cps.slice(i, i + 4).join('') === 'sep=' && i + 4 < n) {
		var c = cps[i + 4];
		if (c > ' ' && c < '\u007f' && c !== '"' &&
		    (i + 5 === n || cps[i + 5] === '\r' || cps[i + 5] === '\n'))
			return { delim: c, sepLine: true };
	}
	var comma = 0, semi = 0, tab = 0, inq = false;
	while (i < n && (cps[i] === '\r' || cps[i] === '\n'))
		i++;
	for (; i < n; i++) {
		var ch = cps[i];
		if (ch === '"')
			inq = !inq;
		else if (!inq && (ch === '\n' || ch === '\r'))
			break;
		else if (!inq && ch === ',')
			comma++;
		else if (!inq && ch === ';')
			semi++;
		else if (!inq && ch === '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return { delim: ';', sepLine: false };
	if (tab > comma && tab > semi)
		return { delim: '\t', sepLine: false };
	return { delim: ',', sepLine: false };
}

/** The record holding physical line `line`, or null. */
function recordAt(split, line) {
	var r = split.records;
	var lo = 0, hi = r.length - 1;
	while (lo <= hi) {
		var mid = (lo + hi) >> 1;
		if (r[mid].endLine < line)
			lo = mid + 1;
		else if (r[mid].line > line)
			hi = mid - 1;
		else
			return r[mid];
	}
	return null;
}

/** The header record: the first that is not blank. */
function headerOf(split) {
	var r = split.records;
	for (var k = 0; k < r.length; k++)
		if (r[k].fields.length > 1 || r[k].fields[0].value.trim() !== '')
			return r[k];
	return null;
}

/**
 * Where a problem sits in the split file: {rec, index (the field at
 * fault, -1 none), missing (the cell is absent: index past the end)}.
 */
function locate(split, p) {
	if (!split || typeof p.line !== 'number')
		return null;
	var rec = recordAt(split, p.line);
	if (!rec)
		return null;
	var col = typeof p.column === 'number' ? p.column : 0;
	var best = -1;
	for (var k = 0; k < rec.fields.length; k++) {
		var f = rec.fields[k];
		if (f.line < p.line || (f.line === p.line && f.col <= col))
			best = k;
		else
			break;
	}
	var past = p.line === rec.endLine && col >= rec.endCol && col > 1;
	var exact = best >= 0 && rec.fields[best].line === p.line &&
		rec.fields[best].col === col;
	if (p.code === 'missing-cell' || (past && !exact))
		return { rec: rec, index: -1, missing: true };
	return { rec: rec, index: best, missing: false };
}

/** Column letters as Excel names them: 0 → A, 26 → AA. */
function colLetter(k) {
	var s = '';
	k++;
	while (k > 0) {
		var m = (k - 1) % 26;
		s = String.fromCharCode(65 + m) + s;
		k = Math.floor((k - 1) / 26);
	}
	return s;
}

function shorten(s, max) {
	var c = Array.from(s);
	return c.length > max ? c.slice(0, max - 1).join('') + '…' : s;
}

/** A header label that may break after its underscores only. */
function labelNode(label) {
	var span = el('span', 'col-label');
	label.split('_').forEach(function (part, k, all) {
		span.appendChild(document.createTextNode(part + (k < all.length - 1 ? '_' : '')));
		if (k < all.length - 1)
			span.appendChild(document.createElement('wbr'));
	});
	return span;
}

/**
 * The row of a problem as a small table: the header's labels over the
 * row's cells, the cell at fault marked (and named for screen readers).
 */
function rowTable(split, p) {
	var at = locate(split, p);
	if (!at)
		return null;
	var header = headerOf(split);
	var isHeader = header === at.rec;
	var labels = header ? header.fields.map(function (f) { return f.value.trim(); }) : [];
	var cells = at.rec.fields;
	var width = Math.max(labels.length, cells.length);
	var markIndex = at.index;
	if (at.missing) {
		/* the absent cell: the named field's place, else just past the end */
		var byName = p.field ? labels.indexOf(p.field) : -1;
		markIndex = byName >= cells.length ? byName : cells.length;
		width = Math.max(width, markIndex + 1);
	}

	var fig = el('figure', 'row-view');
	var lines = at.rec.endLine > at.rec.line ?
		at.rec.line + '–' + at.rec.endLine : at.rec.line;
	var cap = el('figcaption', 'row-caption',
		isHeader ? t('p.header') : t('p.row', lines));
	fig.appendChild(cap);
	var wrap = el('div', 'table-wrap row-wrap');
	var table = el('table', 'row-table');
	var thead = el('thead');
	var trh = el('tr');
	var tr = el('tr');
	for (var k = 0; k < width; k++) {
		var th = el('th', null);
		th.setAttribute('scope', 'col');
		th.appendChild(el('span', 'col-letter', colLetter(k)));
		if (!isHeader && k < labels.length)
			th.appendChild(labelNode(labels[k]));
		var td = el('td');
		var extra = k >= labels.length && !isHeader;
		if (k < cells.length) {
			var val = cells[k].value;
			td.textContent = shorten(val, 80);
			if (Array.from(val).length > 80)
				td.title = val;
			if (val === '')
				td.className = 'empty';
			else if (val.length > 24)
				td.className = 'long';
		} else {
			td.className = 'absent';
			td.textContent = k === markIndex ? t('p.missing') : '';
		}
		if (extra)
			td.className += ' extra';
		if (k === markIndex) {
			td.className += ' mark';
			th.className = 'mark';
			td.setAttribute('aria-label', t('p.mark') + ': ' + td.textContent);
			td.setAttribute('data-mark', 'true');
		}
		trh.appendChild(th);
		tr.appendChild(td);
	}
	thead.appendChild(trh);
	table.appendChild(thead);
	var tb = el('tbody');
	tb.appendChild(tr);
	table.appendChild(tb);
	wrap.appendChild(table);
	fig.appendChild(wrap);
	return fig;
}

/* ---- problems --------------------------------------------------------- */

/**
 * Fill list (an <ol>) with the problems of one validate file object; split
 * is the uploaded file split (null when the page does not have it).
 */
function renderProblems(list, more, fileObj, split, notShown) {
	clear(list);
	var ps = (fileObj && fileObj.problems) || [];
	ps.forEach(function (p) {
		var li = el('li', 'problem ' + (p.severity === 'warning' ? 'warning' : 'error'));
		li.setAttribute('data-line', String(p.line));
		li.setAttribute('data-column', String(p.column));
		li.setAttribute('data-code', p.code || '');
		var head = el('p', 'p-head');
		head.appendChild(el('span', 'sev', t(p.severity === 'warning' ? 'sev.warning' : 'sev.error')));
		var where = typeof p.line === 'number' ? t('p.line', p.line) +
			(typeof p.column === 'number' ? ', ' + t('p.col', p.column) : '') : '';
		if (where)
			head.appendChild(el('span', 'p-where', where));
		if (p.code)
			head.appendChild(el('code', 'p-code', p.code));
		li.appendChild(head);
		li.appendChild(el('p', 'p-msg', sentence(p.message)));
		if (p.field || (p.value !== null && p.value !== undefined)) {
			var dl = el('dl', 'p-facts');
			if (p.field) {
				var d1 = el('div');
				d1.appendChild(el('dt', null, t('p.field')));
				d1.appendChild(el('dd', 'p-field', p.field));
				dl.appendChild(d1);
			}
			var d2 = el('div');
			d2.appendChild(el('dt', null, t('p.value')));
			var empty = p.value === null || p.value === undefined || p.value === '';
			d2.appendChild(el('dd', 'p-value' + (empty ? ' empty' : ''),
				empty ? t('p.empty') : shorten(String(p.value), 200)));
			dl.appendChild(d2);
			li.appendChild(dl);
		}
		if (split) {
			var fig = rowTable(split, p);
			if (fig)
				li.appendChild(fig);
		}
		list.appendChild(li);
	});
	window.requestAnimationFrame(function () { showMarks(list); });
	if (more) {
		more.hidden = !notShown;
		more.textContent = notShown ? t('problems.more', num(notShown)) : '';
	}
}

/** Scroll each row table sideways so that its marked cell is in view. */
function showMarks(list) {
	var marks = list.querySelectorAll('td.mark');
	for (var k = 0; k < marks.length; k++) {
		var wrap = marks[k].closest('.row-wrap');
		if (!wrap || wrap.scrollWidth <= wrap.clientWidth)
			continue;
		var left = marks[k].offsetLeft, right = left + marks[k].offsetWidth;
		if (right > wrap.clientWidth)
			wrap.scrollLeft = Math.max(0, right - wrap.clientWidth + 48);
	}
}

/** The verdict on a file; stored: told to the secretariat, not the clerk. */
function verdictOf(f, stored) {
	if (!f)
		return { cls: 'bad', text: '' };
	if (f.status === 'rejected' || f.status === 'missing')
		return { cls: 'bad', text: t('verdict.rejected') };
	if (f.errors > 0)
		return { cls: 'bad', text: t(stored ? 'verdict.invalid.stored' : 'verdict.invalid') };
	if (f.warnings > 0)
		return { cls: 'warn', text: t('verdict.warnings') };
	return { cls: 'good', text: t('verdict.valid') };
}

function renderCounts(ul, f) {
	clear(ul);
	[['count.rows', f.rows], ['count.accepted', f.accepted],
	 ['count.rejected', f.rejected], ['count.errors', f.errors],
	 ['count.warnings', f.warnings]].forEach(function (c) {
		if (typeof c[1] !== 'number')
			return;
		var li = el('li', c[0].replace('.', '-'), t(c[0], num(c[1])));
		if (c[1] > 0 && (c[0] === 'count.rejected' || c[0] === 'count.errors'))
			li.className += ' nonzero';
		ul.appendChild(li);
	});
}

/** Show the check result: doc a validate document, or a receipt. */
function showResult(doc, split, submitted) {
	var f = doc.files ? doc.files[0] : doc;
	$('result').hidden = false;
	$('result-h').textContent = t(submitted ? 'result.h.submit' : 'result.h');
	var v = verdictOf(f);
	var vd = $('result-verdict');
	vd.className = 'verdict ' + v.cls;
	vd.textContent = v.text;
	renderCounts($('result-counts'), f || {});
	renderProblems($('problems'), $('problems-more'), f, split,
		doc.not_shown || 0);
}

/* ---- the agency's flow -------------------------------------------------- */

var chosen = null; /* {file, buf, split} */

function choose(file) {
	if (!file)
		return;
	file.arrayBuffer().then(function (buf) {
		var split = null;
		try {
			split = splitCsv(decode(buf));
		} catch (e) {
			split = null;
		}
		chosen = { file: file, buf: buf, split: split };
		var info = $('file-info');
		info.hidden = false;
		info.textContent = t('step2.chosen', file.name, bytesName(file.size));
		$('drop').classList.add('has-file');
		$('btn-check').disabled = false;
		$('btn-submit').disabled = false;
		$('result').hidden = true;
		showError('');
	}, function () {
		showError(t('err.notcsv'));
	});
}

/** Say what is going on; working: a call is under way (buttons off). */
function setBusy(text, working) {
	$('busy').textContent = text;
	$('btn-check').disabled = working || !chosen;
	$('btn-submit').disabled = working || !chosen;
	document.body.classList.toggle('busy', !!working);
}

/** Send the chosen file to /api/check or /api/submit; stored: submit. */
function send(stored) {
	if (!chosen)
		return;
	setBusy(t(stored ? 'busy.submit' : 'busy.check'), true);
	showError('');
	api('POST', '/api/' + (stored ? 'submit' : 'check') + '?period=' +
	    encodeURIComponent(session.period), chosen.buf).then(function (r) {
		if (r.status === (stored ? 201 : 200) && r.body) {
			setBusy(t(stored ? 'busy.submitted' : 'busy.done'), false);
			showResult(r.body, chosen.split, stored);
			if (stored) {
				showReceipt(r.body);
				loadBoard(session.period);
			}
			$(stored ? 'receipt' : 'result').focus();
		} else {
			setBusy('', false);
			showError(failure(r));
		}
	}, function () {
		setBusy('', false);
		showError(t('err.network'));
	});
}

function showReceipt(rc) {
	$('receipt').hidden = false;
	var agency = session && session.name ? session.name + ' (' + rc.agency + ')' : rc.agency;
	$('r-agency').textContent = agency;
	$('r-period').textContent = monthName(rc.period);
	$('r-time').textContent = timeName(rc.received_at);
	$('r-file').textContent = rc.file || '';
	$('r-sha').textContent = rc.sha256 || '';
	$('r-rows').textContent = num(rc.rows);
	$('r-accepted').textContent = num(rc.accepted);
	$('r-rejected').textContent = num(rc.rejected);
	$('r-issues').textContent = t('receipt.issues.v', num(rc.errors), num(rc.warnings));
	var v = $('receipt-verdict');
	if (rc.accepted > 0 && rc.rejected === 0) {
		v.className = 'verdict good';
		v.textContent = t('receipt.ok');
	} else if (rc.accepted > 0) {
		v.className = 'verdict warn';
		v.textContent = t('receipt.partial');
	} else {
		v.className = 'verdict bad';
		v.textContent = t('receipt.bad');
	}
}

function wireIntake() {
	var drop = $('drop'), input = $('file');
	input.addEventListener('change', function () {
		choose(input.files && input.files[0]);
		/* the same file, corrected in Excel, may be chosen again */
		input.value = '';
	});
	['dragenter', 'dragover'].forEach(function (ev) {
		drop.addEventListener(ev, function (e) {
			e.preventDefault();
			e.dataTransfer.dropEffect = 'copy';
			drop.classList.add('over');
		});
	});
	['dragleave', 'dragend'].forEach(function (ev) {
		drop.addEventListener(ev, function () {
			drop.classList.remove('over');
		});
	});
	drop.addEventListener('drop', function (e) {
		e.preventDefault();
		drop.classList.remove('over');
		if (e.dataTransfer && e.dataTransfer.files.length)
			choose(e.dataTransfer.files[0]);
	});
	/* a file dropped beside the zone must not replace the page */
	window.addEventListener('dragover', function (e) { e.preventDefault(); });
	window.addEventListener('drop', function (e) { e.preventDefault(); });
	$('btn-check').addEventListener('click', function () { send(false); });
	$('btn-submit').addEventListener('click', function () { send(true); });
}

/* ---- the board ------------------------------------------------------------ */

var STATUSES = ['on_time', 'late', 'pending', 'missing', 'rejected', 'not_due'];

function badge(status) {
	var b = el('span', 'badge st-' + String(status).replace(/[^a-z_]/g, ''),
		STATUSES.indexOf(status) >= 0 ? t('st.' + status) : status);
	return b;
}

function numCell(v, warnNonzero) {
	var td = el('td', 'num', num(v));
	if (warnNonzero && v > 0)
		td.className += ' nonzero';
	return td;
}

var boardPeriod = null;

/** The months the board may show: the period being reported and 23 before. */
function periodChoices(period) {
	var sel = $('board-period');
	var y = Number(period.slice(0, 4)), m = Number(period.slice(5, 7));
	clear(sel);
	for (var k = 0; k < 24; k++) {
		var p = y + '-' + (m < 10 ? '0' : '') + m;
		var o = el('option', null, monthName(p));
		o.value = p;
		sel.appendChild(o);
		if (--m === 0) {
			m = 12;
			y--;
		}
	}
}

function loadBoard(period) {
	boardPeriod = period;
	$('board-period').value = period;
	if ($('board-period').value !== period) {
		var o = el('option', null, monthName(period));
		o.value = period;
		$('board-period').appendChild(o);
		$('board-period').value = period;
	}
	return api('GET', '/api/status?period=' + encodeURIComponent(period)).then(function (r) {
		if (r.status !== 200 || !r.body) {
			showError(failure(r));
			return;
		}
		renderBoard(r.body);
	}, function () {
		showError(t('err.network'));
	});
}

function renderBoard(st) {
	var board = $('board');
	board.hidden = false;
	$('board-h').textContent = t(session.admin ? 'board.h' : 'board.h.own');
	$('board-caption').textContent = t('board.caption', monthName(st.period));
	var rows = st.compliance || [];
	var tally = {};
	var tbody = $('board-table').tBodies[0];
	clear(tbody);
	rows.forEach(function (c) {
		tally[c.status] = (tally[c.status] || 0) + 1;
		var tr = el('tr');
		tr.setAttribute('data-agency', c.agency);
		tr.setAttribute('data-status', c.status);
		var th = el('th', 'agency');
		th.setAttribute('scope', 'row');
		th.appendChild(el('span', 'agency-name', c.name || c.agency));
		th.appendChild(el('span', 'agency-code', c.agency));
		tr.appendChild(th);
		var tdS = el('td');
		tdS.appendChild(badge(c.status));
		tr.appendChild(tdS);
		tr.appendChild(el('td', 'when', c.received_at ? shortTime(c.received_at) : '–'));
		tr.appendChild(numCell(c.files));
		tr.appendChild(numCell(c.rows));
		tr.appendChild(numCell(c.rows_rejected, true));
		tr.appendChild(numCell(c.errors, true));
		tbody.appendChild(tr);
	});
	if (!rows.length) {
		var tr0 = el('tr');
		var td0 = el('td', 'muted', t('board.empty'));
		td0.colSpan = 7;
		tr0.appendChild(td0);
		tbody.appendChild(tr0);
	}
	var ul = $('board-tally');
	clear(ul);
	STATUSES.forEach(function (s) {
		if (!tally[s] && (s === 'not_due' || !session.admin))
			return;
		var li = el('li');
		li.appendChild(badge(s));
		li.appendChild(el('span', 'tally-n', num(tally[s] || 0)));
		ul.appendChild(li);
	});
	ul.hidden = !session.admin;

	var files = st.files || [];
	var ftb = $('files-table').tBodies[0];
	clear(ftb);
	$('files-table').hidden = !files.length;
	$('files-none').hidden = !!files.length;
	files.forEach(function (f) {
		var tr = el('tr');
		tr.setAttribute('data-file', f.file);
		tr.appendChild(el('td', 'mono file-name', f.file));
		tr.appendChild(el('td', null, f.agency));
		tr.appendChild(el('td', 'when', shortTime(f.received_at)));
		tr.appendChild(numCell(f.rows));
		tr.appendChild(numCell(f.rejected, true));
		tr.appendChild(numCell(f.errors, true));
		var td = el('td');
		if ((f.errors || 0) + (f.warnings || 0) > 0) {
			var b = el('button', 'link', t('files.show'));
			b.type = 'button';
			b.setAttribute('data-problems', f.file);
			b.addEventListener('click', function () {
				showFileProblems(st.period, f.file);
			});
			td.appendChild(b);
		} else {
			td.appendChild(el('span', 'muted', t('files.none')));
		}
		tr.appendChild(td);
		ftb.appendChild(tr);
	});
	$('file-problems').hidden = true;
}

function showFileProblems(period, file) {
	api('GET', '/api/problems?period=' + encodeURIComponent(period) +
	    '&file=' + encodeURIComponent(file)).then(function (r) {
		if (r.status !== 200 || !r.body) {
			showError(failure(r));
			return;
		}
		var f = r.body.files ? r.body.files[0] : r.body;
		var box = $('file-problems');
		box.hidden = false;
		$('fp-h').textContent = t('fp.h', file);
		var v = verdictOf(f, true);
		renderCounts($('fp-counts'), f || {});
		$('fp-verdict').className = 'verdict ' + v.cls;
		$('fp-verdict').textContent = v.text;
		renderProblems($('fp-list'), $('fp-more'), f, null, r.body.not_shown || 0);
		box.focus();
	}, function () {
		showError(t('err.network'));
	});
}

/* ---- start ------------------------------------------------------------- */

function showSession(s) {
	session = s;
	$('app').hidden = false;
	$('who-role').textContent = t(s.admin ? 'who.admin' : 'who.agency');
	$('who-name').textContent = s.agency ? s.name + ' (' + s.agency + ')' : s.name;
	$('who-period').textContent = monthName(s.period);
	$('who-deadline').textContent = dayName(s.deadline);
	$('logout-csrf').value = s.csrf || '';
	if (!s.admin) {
		$('intake').hidden = false;
		var link = $('form-link');
		link.href = withLang('/api/form?period=' + encodeURIComponent(s.period));
		$('form-link-period').textContent = LANG === 'vi' ?
			s.period.slice(5) + '/' + s.period.slice(0, 4) : monthName(s.period);
		wireIntake();
	}
	periodChoices(s.period);
	$('board-form').addEventListener('submit', function (e) {
		e.preventDefault();
	});
	$('board-period').addEventListener('change', function () {
		var p = $('board-period').value;
		if (/^\d{4}-\d{2}$/.test(p))
			loadBoard(p);
	});
	loadBoard(s.period);
}

function start() {
	translatePage();
	$('btn-print').addEventListener('click', function () { window.print(); });
	if (params.get('login') === 'failed')
		$('login-failed').hidden = false;
	api('GET', '/api/session').then(function (r) {
		$('loading').hidden = true;
		if (r.status === 200 && r.body) {
			showSession(r.body);
		} else {
			$('login').hidden = false;
			$('token').focus();
		}
	}, function () {
		$('loading').hidden = true;
		showError(t('err.network'));
	});
}

/* the page's split, for the browser test (tests/browser/drive.py) */
window.tiendoIntake = { splitCsv: splitCsv, decode: decode, locate: locate };

if (document.readyState === 'loading')
	document.addEventListener('DOMContentLoaded', start);
else
	start();
})();
