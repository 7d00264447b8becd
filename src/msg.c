/*
 * msg: the message catalog. Each message says what is wrong with the
 * value and what to do about it, so a clerk can send it back as it is.
 */
#include "msg.h"

#include <errno.h>
#include <string.h>

static const char *const catalog[M_MSG_COUNT][2] = {
	[M_IO_OPEN] = {
		"không mở được tệp: %s",
		"cannot open the file: %s" },
	[M_IO_NOENT] = {
		"không có tệp này: hãy kiểm tra tên và thư mục",
		"there is no such file: check the name and the folder" },
	[M_IO_ACCES] = {
		"không có quyền đọc tệp này: hãy nhờ quản trị hệ thống cấp quyền",
		"no permission to read this file: ask the system administrator" },
	[M_IO_ISDIR] = {
		"đây là thư mục, không phải tệp CSV: hãy chỉ ra các tệp trong đó "
		"(ví dụ thư_mục/*.csv)",
		"this is a folder, not a CSV file: name the files in it "
		"(e.g. folder/*.csv)" },
	[M_IO_SPECIAL] = {
		"đây không phải là tệp thường (một FIFO, thiết bị hay socket) "
		"nên không được đọc: hãy đặt vào đây chính tệp CSV",
		"this is not a regular file (a FIFO, a device or a socket), so it "
		"is not read: put the CSV file itself here" },
	[M_IO_DANGLING] = {
		"đây là liên kết (symbolic link) tới một tệp không còn tồn tại: "
		"hãy đặt vào đây chính tệp CSV",
		"this is a symbolic link to a file that does not exist: put the "
		"CSV file itself here" },
	[M_IO_LOOP] = {
		"các liên kết (symbolic link) trỏ vòng vào nhau, không dẫn tới "
		"tệp nào: hãy đặt vào đây chính tệp CSV",
		"these symbolic links point at each other in a loop and lead to "
		"no file: put the CSV file itself here" },
	[M_IO_OUTSIDE] = {
		"đây là liên kết (symbolic link) tới một tệp ngoài thư mục dữ "
		"liệu nên không được đọc: hãy chép chính tệp vào thư mục tháng",
		"this is a symbolic link to a file outside the data folder, so "
		"it is not read: copy the file itself into the month's folder" },
	[M_ENCODING] = {
		"tệp không phải UTF-8 (byte 0x%02X; có lẽ tệp được lưu theo "
		"Windows-1258 hay ANSI): trong Excel chọn Tệp > Lưu Như > "
		"\"CSV UTF-8 (Comma delimited) (*.csv)\" rồi gửi lại tệp",
		"the file is not UTF-8 (byte 0x%02X; it was probably saved as "
		"Windows-1258 or ANSI): in Excel choose File > Save As > "
		"\"CSV UTF-8 (Comma delimited) (*.csv)\" and send the file again" },
	[M_UTF16] = {
		"tệp được lưu dạng UTF-16 nhưng không có dấu BOM ở đầu, nên "
		"không biết thứ tự byte: trong Excel chọn Tệp > Lưu Như > \"CSV "
		"UTF-8 (Comma delimited) (*.csv)\" (hoặc \"Unicode Text\") rồi "
		"gửi lại tệp",
		"the file is UTF-16 without the byte order mark at its start, "
		"so its byte order is unknown: in Excel choose File > Save As > "
		"\"CSV UTF-8 (Comma delimited) (*.csv)\" (or \"Unicode Text\") "
		"and send the file again" },
	[M_WORKBOOK] = {
		"đây là sổ tính Excel (.xlsx/.xls) được đặt tên .csv: mở tệp "
		"trong Excel, chọn Tệp > Lưu Như > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" rồi gửi lại tệp",
		"this is an Excel workbook (.xlsx/.xls) named .csv: open it in "
		"Excel, choose File > Save As > \"CSV UTF-8 (Comma delimited) "
		"(*.csv)\" and send the file again" },
	[M_BINARY] = {
		"tệp chứa byte điều khiển 0x%02X, không phải văn bản CSV: hãy "
		"xuất lại báo cáo từ Excel dưới dạng \"CSV UTF-8\"",
		"the file holds the control byte 0x%02X and is not CSV text: "
		"export the report again from Excel as \"CSV UTF-8\"" },
	[M_STRAY_QUOTE] = {
		"dấu nháy kép nằm giữa một ô không mở bằng nháy kép; dòng này "
		"bị bỏ qua: hãy bao cả ô trong nháy kép và viết mỗi dấu nháy "
		"bên trong thành hai (\"\")",
		"a double quote inside a field that does not start with one; "
		"the row is skipped: put the whole field in double quotes and "
		"double every quote inside it (\"\")" },
	[M_AFTER_QUOTE] = {
		"có ký tự sau dấu nháy kép đóng ô; dòng này bị bỏ qua: dấu "
		"nháy đóng phải đứng ngay trước dấu phân cách, hoặc viết "
		"dấu nháy bên trong thành hai (\"\")",
		"characters after the closing double quote of a field; the row "
		"is skipped: the closing quote must be followed by the "
		"delimiter, or double the quote if it belongs to the text (\"\")" },
	[M_UNCLOSED_QUOTE] = {
		"dấu nháy kép mở ô ở đây không được đóng đến hết tệp, nên "
		"phần còn lại của tệp không đọc được: hãy thêm dấu nháy đóng "
		"ở cuối ô",
		"the double quote that opens this field is never closed, so the "
		"rest of the file cannot be read: add the closing quote at the "
		"end of the field" },
	[M_EMPTY_FILE] = {
		"tệp rỗng, không có dòng tiêu đề: hãy dùng biểu mẫu tháng (tải "
		"trên trang tiếp nhận, hoặc lệnh tiendo form) và gửi lại",
		"the file is empty, with no header line: use the month's form "
		"(from the intake page, or tiendo form) and send it again" },
	[M_RECORD_TOO_BIG] = {
		"dòng quá lớn (hơn 1024 ô hoặc 1 MiB) nên bị bỏ qua: hãy kiểm tra "
		"dấu phân cách và các dấu nháy kép",
		"the row is too big (over 1024 cells or 1 MiB) and is skipped: "
		"check the delimiters and the double quotes" },
	[M_UNKNOWN_KIND] = {
		"không nhận ra loại báo cáo từ dòng tiêu đề: %s là các cột cần có",
		"cannot tell the kind of report from the header line: %s are the "
		"columns needed" },
	[M_UNKNOWN_KIND_NEAR] = {
		"không nhận ra loại báo cáo từ dòng tiêu đề: có vẻ là %s nhưng "
		"thiếu cột %s; hãy thêm (xem biểu mẫu tháng) rồi gửi lại",
		"cannot tell the kind of report from the header line: it looks "
		"like a %s but the column(s) %s are missing; add them (see the "
		"month's form) and send the file again" },
	[M_UTF16_BROKEN] = {
		"ký tự UTF-16 bị hỏng ở đây (nửa ký tự: một surrogate lẻ hoặc "
		"byte cuối bị thiếu cặp), nên phần còn lại của tệp không đọc "
		"được: trong Excel chọn Tệp > Lưu Như > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" rồi gửi lại tệp",
		"a broken UTF-16 character here (half a character: a lone "
		"surrogate or an odd last byte), so the rest of the file cannot "
		"be read: in Excel choose File > Save As > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" and send the file again" },
	[M_NOT_CSV_IMAGE] = {
		"đây không phải tệp CSV mà là một ảnh (%s) đặt tên .csv: hãy mở "
		"báo cáo trong Excel, chọn Tệp > Lưu Như > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" rồi gửi tệp đó",
		"not a CSV: this looks like an image (%s) named .csv: open the "
		"report in Excel, choose File > Save As > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" and send that file" },
	[M_NOT_CSV_PDF] = {
		"đây không phải tệp CSV mà là một tài liệu PDF đặt tên .csv: "
		"hãy mở báo cáo trong Excel, chọn Tệp > Lưu Như > \"CSV UTF-8 "
		"(Comma delimited) (*.csv)\" rồi gửi tệp đó",
		"not a CSV: this looks like a PDF document named .csv: open the "
		"report in Excel, choose File > Save As > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" and send that file" },
	[M_NOT_CSV_ZIP] = {
		"đây không phải tệp CSV mà là một tệp nén ZIP đặt tên .csv: hãy "
		"giải nén và gửi từng tệp CSV bên trong, hoặc mở báo cáo trong "
		"Excel và lưu dạng \"CSV UTF-8 (Comma delimited) (*.csv)\"",
		"not a CSV: this looks like a ZIP archive named .csv: unpack it "
		"and send the CSV files inside, or open the report in Excel and "
		"save it as \"CSV UTF-8 (Comma delimited) (*.csv)\"" },
	[M_NOT_CSV_BINARY] = {
		"đây không phải tệp CSV: tệp chứa nhiều byte điều khiển, không "
		"phải văn bản (có lẽ là ảnh, tài liệu hay chương trình đặt tên "
		".csv): hãy mở báo cáo trong Excel, chọn Tệp > Lưu Như > "
		"\"CSV UTF-8 (Comma delimited) (*.csv)\" rồi gửi tệp đó",
		"not a CSV: the file is full of control bytes and is not text "
		"(an image, a document or a program named .csv?): open the "
		"report in Excel, choose File > Save As > \"CSV UTF-8 (Comma "
		"delimited) (*.csv)\" and send that file" },
	[M_HEADER_TOO_BIG] = {
		"dòng tiêu đề quá dài (hơn 1024 cột hoặc 1 MiB), nên không "
		"phải tiêu đề của báo cáo và tệp không được xử lý: hãy xoá các "
		"cột trống bên phải bảng trong Excel, kiểm tra dấu phân cách và "
		"dấu nháy kép, rồi lưu lại dạng \"CSV UTF-8\" (xem biểu mẫu "
		"tháng)",
		"the header line is too long (over 1024 columns or 1 MiB), so it "
		"is no report header and the file is not processed: delete the "
		"empty columns right of the table in Excel, check the delimiters "
		"and double quotes, and save it again as \"CSV UTF-8\" (see the "
		"month's form)" },
	/* numbered arguments: Vietnamese has no plural and leaves the last
	   ones, the English endings, unused */
	[M_SUM_FILE] = {
		"%1$s: %2$lu dòng: %3$lu được ghi nhận, %4$lu bị loại; %5$lu lỗi, "
		"%6$lu cảnh báo",
		"%1$s: %2$lu row%7$s: %3$lu accepted, %4$lu rejected; %5$lu "
		"error%8$s, %6$lu warning%9$s" },
	[M_SUM_REJECTED] = {
		"%1$s: tệp bị từ chối toàn bộ, không dòng nào được ghi nhận "
		"(%2$lu lỗi)",
		"%1$s: the file is rejected whole, no row is accepted (%2$lu "
		"error%3$s)" },
	[M_SUM_HIDDEN] = {
		"đã dừng liệt kê sau %1$lu vấn đề (--max-errors); còn %2$lu vấn đề "
		"không hiển thị",
		"stopped listing after %1$lu problem%3$s (--max-errors); %2$lu "
		"more not shown" },
	[M_SUM_TOTAL] = {
		"tổng cộng %1$lu tệp (%2$lu bị từ chối, %3$lu không mở được): "
		"%4$lu dòng, %5$lu được ghi nhận, %6$lu bị loại; %7$lu lỗi, "
		"%8$lu cảnh báo",
		"in all %1$lu files (%2$lu rejected, %3$lu not found): %4$lu "
		"row%9$s, %5$lu accepted, %6$lu rejected; %7$lu error%10$s, "
		"%8$lu warning%11$s" },
	[M_DUPLICATE_LABEL] = {
		"cột \"%s\" có hai lần (lần đầu ở cột %lu): hãy xoá một cột "
		"rồi gửi lại; tệp không được xử lý",
		"the column \"%s\" appears twice (first as column %lu): delete "
		"one and send the file again; the file is not processed" },
	[M_MISSING_LABEL] = {
		"thiếu cột bắt buộc \"%s\" (%s) trong dòng tiêu đề: hãy thêm "
		"cột này (xem biểu mẫu tháng); tệp không được xử lý",
		"the required column \"%s\" (%s) is missing from the header "
		"line: add it (see the month's form); the file is not "
		"processed" },
	[M_EXTRA_LABEL] = {
		"cột \"%s\" không có trong mẫu báo cáo nên được bỏ qua",
		"the column \"%s\" is not part of the report form and is ignored" },
	[M_BLANK_LABEL] = {
		"cột không có tên ở dòng tiêu đề nhưng có dữ liệu ở các dòng "
		"dưới: hãy đặt tên cột hoặc xoá cột",
		"a column with no name in the header line holds data below: "
		"name the column or delete it" },
	[M_BLANK_ROW] = {
		"dòng trống giữa các dòng dữ liệu (được bỏ qua)",
		"a blank row between data rows (ignored)" },
	[M_MISSING_CELL] = {
		"dòng thiếu ô của cột \"%s\" (%s): hãy kiểm tra dấu phân cách "
		"và số ô của dòng; dòng không được ghi nhận",
		"the row has no cell for the column \"%s\" (%s): check the "
		"delimiters and the number of cells; the row is not accepted" },
	[M_EXTRA_CELL] = {
		"dòng có ô thừa \"%s\" nằm ngoài các cột của tiêu đề: hãy xoá ô "
		"thừa hoặc bao trong nháy kép ô có chứa dấu phân cách",
		"the row has an extra cell \"%s\" beyond the header's columns: "
		"delete it, or put a field that holds the delimiter in quotes" },
	[M_TYPE_NUMBER] = {
		"\"%s\" không phải là số: hãy ghi một số, ví dụ 45 hoặc 45,5",
		"\"%s\" is not a number: write a number such as 45 or 45.5" },
	[M_TYPE_INTEGER] = {
		"\"%s\" không phải là số nguyên: hãy ghi một số nguyên, ví dụ 3",
		"\"%s\" is not a whole number: write one such as 3" },
	[M_TYPE_DATE] = {
		"\"%s\" không phải là ngày có thật: hãy ghi theo dạng %s",
		"\"%s\" is not a real date: write it as %s" },
	[M_TYPE_YEARMONTH] = {
		"\"%s\" không phải là tháng: hãy ghi theo dạng YYYY-MM, ví dụ "
		"2023-10",
		"\"%s\" is not a month: write it as YYYY-MM, e.g. 2023-10" },
	[M_DATE_RANGE] = {
		"\"%s\" nằm ngoài khoảng năm tiendo đọc được (%d đến %d): hãy "
		"kiểm tra lại năm",
		"\"%s\" is outside the years tiendo reads (%d to %d): check "
		"the year" },
	[M_YEARMONTH_RANGE] = {
		"\"%s\" nằm ngoài khoảng tháng tiendo đọc được (%d-01 đến "
		"%d-12): hãy kiểm tra lại năm",
		"\"%s\" is outside the months tiendo reads (%d-01 to %d-12): "
		"check the year" },
	[M_TYPE_BOOLEAN] = {
		"\"%s\" không phải là giá trị đúng/sai: hãy ghi %s hoặc %s",
		"\"%s\" is not true or false: write %s or %s" },
	[M_TYPE_EMAIL] = {
		"\"%s\" không phải là địa chỉ thư điện tử: hãy ghi một địa chỉ "
		"đầy đủ, liền nhau, không dấu cách, ví dụ ten.canbo@mofa.gov.vn",
		"\"%s\" is not an e-mail address: write one whole address, with "
		"no spaces, e.g. name.officer@mofa.gov.vn" },
	[M_TYPE_VALUE] = {
		"\"%s\" không phải là %s hợp lệ: hãy ghi theo dạng %s",
		"\"%s\" is not a valid %s: write it as %s" },
	[M_KIND_TIME] = { "giờ", "time" },
	[M_KIND_DATETIME] = { "ngày giờ", "date and time" },
	[M_KIND_YEAR] = { "năm", "year" },
	[M_KIND_DURATION] = { "khoảng thời gian", "duration" },
	[M_KIND_OBJECT] = { "đối tượng JSON", "JSON object" },
	[M_KIND_ARRAY] = { "mảng JSON", "JSON array" },
	[M_KIND_GEOPOINT] = { "toạ độ địa lý (kinh độ, vĩ độ)",
			      "geographic point (longitude, latitude)" },
	[M_KIND_GEOJSON] = { "đối tượng GeoJSON", "GeoJSON object" },
	[M_KIND_URI] = { "địa chỉ URI", "URI" },
	[M_KIND_BINARY] = { "dữ liệu base64", "base64 data" },
	[M_KIND_UUID] = { "mã UUID", "UUID" },
	[M_REQUIRED] = {
		"ô \"%s\" bắt buộc nhưng đang để trống: hãy điền giá trị",
		"the cell \"%s\" is required but empty: fill it in" },
	[M_MINIMUM] = {
		"%s nhỏ hơn mức tối thiểu %s: hãy sửa lại",
		"%s is below the minimum %s: correct it" },
	[M_MAXIMUM] = {
		"%s lớn hơn mức tối đa %s: hãy sửa lại",
		"%s is above the maximum %s: correct it" },
	[M_MIN_LENGTH] = {
		"nội dung dài %1$lu ký tự, ít hơn tối thiểu %2$ld ký tự",
		"the text is %1$lu character%3$s long, fewer than the minimum "
		"%2$ld" },
	[M_MAX_LENGTH] = {
		"nội dung dài %1$lu ký tự, vượt quá tối đa %2$ld ký tự: "
		"hãy rút gọn",
		"the text is %1$lu character%3$s long, more than the maximum "
		"%2$ld: shorten it" },
	[M_MIN_ITEMS] = {
		"giá trị có %1$lu phần tử, ít hơn tối thiểu %2$ld",
		"the value has %1$lu item%3$s, fewer than the minimum %2$ld" },
	[M_MAX_ITEMS] = {
		"giá trị có %1$lu phần tử, vượt quá tối đa %2$ld: hãy bớt đi",
		"the value has %1$lu item%3$s, more than the maximum %2$ld: "
		"remove some" },
	[M_MAX_LENGTH_HUGE] = {
		"nội dung dài hơn 64 KiB, vượt xa tối đa %ld ký tự: hãy rút gọn "
		"(có thể thiếu một dấu nháy đóng ô)",
		"the text is longer than 64 KiB, far above the maximum of %ld "
		"characters: shorten it (a closing quote may be missing)" },
	[M_PATTERN] = {
		"\"%s\" không đúng dạng quy định: %s",
		"\"%s\" does not have the required form: %s" },
	[M_PATTERN_LIMIT] = {
		"không kiểm tra được \"%s\" theo mẫu: biểu thức quá phức tạp "
		"với giá trị này; hãy báo cho bộ phận quản trị tiendo",
		"\"%s\" could not be checked against the pattern: the expression "
		"is too costly for this value; tell the tiendo administrator" },
	[M_ENUM] = {
		"\"%s\" không phải là giá trị được phép: hãy ghi một trong %s",
		"\"%s\" is not an allowed value: write one of %s" },
	[M_UNIQUE] = {
		"\"%s\" đã có ở dòng %lu, mà giá trị cột này không được trùng",
		"\"%s\" already appears on line %lu, and this column must not "
		"repeat" },
	[M_PRIMARY_KEY] = {
		"dòng trùng với dòng %2$lu (cùng %1$s): mỗi nhiệm vụ chỉ báo "
		"cáo một dòng trong một kỳ; hãy xoá dòng trùng",
		"the row repeats line %2$lu (same %1$s): report each task once "
		"a period; delete the repeated row" },
	[M_FOREIGN_KEY] = {
		"\"%s\" không có trong %s (%s): hãy kiểm tra lại mã",
		"\"%s\" is not in %s (%s): check the code" },
	[M_PERIOD_MISMATCH] = {
		"kỳ báo cáo %s khác với tháng của thư mục nộp (%s): hãy sửa kỳ "
		"báo cáo hoặc nộp vào đúng tháng",
		"the period %s differs from the month of the submission folder "
		"(%s): correct the period or file it under the right month" },
	[M_AGENCY_NOT_YET] = {
		"cơ quan %s chưa tồn tại trong kỳ %s (có hiệu lực từ %s)",
		"the agency %s did not exist yet in %s (it exists from %s)" },
	[M_AGENCY_ENDED] = {
		"cơ quan %s không còn trong kỳ %s (chấm dứt từ sau ngày %s)",
		"the agency %s no longer exists in %s (it ended on %s)" },
	[M_AGENCY_ENDED_SUCC] = {
		"cơ quan %s không còn trong kỳ %s (chấm dứt từ sau ngày %s): "
		"hãy báo cáo dưới mã của cơ quan kế nhiệm %s",
		"the agency %s no longer exists in %s (it ended on %s): report "
		"under the code of its successor %s" },
	[M_AGENCY_MISMATCH] = {
		"mã cơ quan %1$s khác với %2$s, cơ quan của tệp (theo dòng %3$lu): "
		"mỗi cơ quan chỉ báo cáo nhiệm vụ của mình nên dòng này bị loại; "
		"hãy sửa mã cơ quan, hoặc để %1$s gửi tệp riêng",
		"the agency code %1$s is not %2$s, the file's agency (from line "
		"%3$lu): an agency reports for its own tasks only, so the row is "
		"rejected; correct the code, or let %1$s send a file of its own" },
	[M_AGENCY_NOT_SENDER_LOG] = {
		"mã cơ quan %1$s khác với %2$s, cơ quan gửi tệp theo sổ nhận "
		"received.csv: mỗi cơ quan chỉ báo cáo nhiệm vụ của mình nên dòng "
		"này bị loại; hãy sửa mã cơ quan, hoặc để %1$s gửi tệp riêng",
		"the agency code %1$s is not %2$s, who sent the file according to "
		"received.csv: an agency reports for its own tasks only, so the row "
		"is rejected; correct the code, or let %1$s send a file of its own" },
	[M_AGENCY_NOT_SENDER_NAME] = {
		"mã cơ quan %1$s khác với %2$s, cơ quan ghi trong tên tệp: mỗi cơ "
		"quan chỉ báo cáo nhiệm vụ của mình nên dòng này bị loại; hãy sửa "
		"mã cơ quan, hoặc để %1$s gửi tệp riêng",
		"the agency code %1$s is not %2$s, the agency in the file's name: "
		"an agency reports for its own tasks only, so the row is rejected; "
		"correct the code, or let %1$s send a file of its own" },
	[M_AGENCY_NOT_SENDER_TOKEN] = {
		"mã cơ quan %1$s khác với %2$s, cơ quan đã gửi tệp (theo mã truy "
		"cập): mỗi cơ quan chỉ báo cáo nhiệm vụ của mình nên dòng này bị "
		"loại; hãy sửa mã cơ quan, hoặc để %1$s gửi tệp riêng",
		"the agency code %1$s is not %2$s, who sent the file (by its "
		"token): an agency reports for its own tasks only, so the row is "
		"rejected; correct the code, or let %1$s send a file of its own" },
	[M_AGENCY_OTHER_ALLOWED] = {
		"mã cơ quan %1$s khác với %2$s, cơ quan của tệp: dòng vẫn được "
		"tính cho %1$s vì mẫu báo cáo cho phép (allow_other_agency_rows)",
		"the agency code %1$s is not %2$s, the file's agency: the row still "
		"counts for %1$s, as the template allows (allow_other_agency_rows)" },
	[M_REPORT_DATE_FUTURE] = {
		"ngày báo cáo %s sau ngày nhận tệp (%s): hãy ghi ngày lập báo cáo, "
		"không muộn hơn ngày gửi",
		"the report date %s is after the day the file was received (%s): "
		"write the day the report was made, no later than the day it was "
		"sent" },
	[M_TASK_NOT_ASSIGNED] = {
		"nhiệm vụ %s không do %s chủ trì hay phối hợp (cơ quan chủ trì: "
		"%s): hãy kiểm tra mã nhiệm vụ",
		"the task %s is neither led nor supported by %s (lead agency: "
		"%s): check the task id" },
	[M_INDICATOR_OWNER] = {
		"chỉ số %s không do %s theo dõi (cơ quan theo dõi: %s)",
		"the indicator %s is not tracked by %s (it is tracked by %s)" },
	[M_COMPLETED_NOT_100] = {
		"trạng thái \"Hoàn thành\" nhưng tiến độ là %s\u00a0%%: "
		"nhiệm vụ hoàn thành phải đạt 100\u00a0%%; hãy sửa trạng thái "
		"hoặc tiến độ",
		"the status is completed but progress is %s%%: a completed task "
		"is at 100%%; correct the status or the percent" },
	[M_100_NOT_COMPLETED] = {
		"tiến độ 100\u00a0%% nhưng trạng thái là \"%s\": nhiệm vụ đạt "
		"100\u00a0%% phải ghi \"Hoàn thành\"; hãy sửa trạng thái hoặc "
		"tiến độ",
		"progress is 100%% but the status is \"%s\": a task at 100%% is "
		"completed; correct the status or the percent" },
	[M_NOT_STARTED_NOT_0] = {
		"trạng thái \"Chưa thực hiện\" nhưng tiến độ là %s\u00a0%%: "
		"hãy ghi 0 hoặc đổi trạng thái thành \"Đang thực hiện\"",
		"the status is not started but progress is %s%%: write 0 or "
		"change the status to in progress" },
	[M_PERCENT_DECREASE] = {
		"tiến độ %s\u00a0%% thấp hơn %s\u00a0%% đã báo cáo kỳ %s: hãy "
		"kiểm tra lại (nếu đúng, hãy giải thích ở cột khó khăn)",
		"progress %s%% is lower than the %s%% reported for %s: check it "
		"(if right, explain it under difficulties)" },
	[M_TASK_NOT_STARTED_YET] = {
		"nhiệm vụ %s theo lộ trình bắt đầu từ %s, sau kỳ báo cáo này",
		"the roadmap starts the task %s on %s, after this period" },
	[M_DUPLICATE_REPORT] = {
		"nhiệm vụ %s cũng được báo cáo trong tệp \"%s\" (nhận lúc %s); "
		"số liệu của tệp này, nhận sau, được dùng",
		"the task %s is also reported in \"%s\" (received %s); this "
		"file's figure, received later, counts" },
	[M_DUPLICATE_INDICATOR] = {
		"chỉ số %s cũng được báo cáo trong tệp \"%s\" (nhận lúc %s); "
		"số liệu của tệp này, nhận sau, được dùng",
		"the indicator %s is also reported in \"%s\" (received %s); "
		"this file's figure, received later, counts" },
	[M_RECEIPT_MISSING] = {
		"tệp không có trong received.csv: lấy thời điểm sửa tệp (%s) làm "
		"thời điểm nhận; hãy ghi thêm một dòng cho tệp vào received.csv",
		"the file is not in received.csv: its modification time (%s) is "
		"taken as received; add a line for it to received.csv" },
	[M_RECEIPT_UNKNOWN_FILE] = {
		"không có tệp \"%s\" trong thư mục này: hãy sửa tên tệp cho đúng",
		"there is no file \"%s\" in this folder: correct the name" },
	[M_FILE_NO_AGENCY] = {
		"không xác định được cơ quan gửi tệp (nội dung không đọc được, tên "
		"tệp không chứa mã cơ quan): tệp không được tính cho cơ quan nào; "
		"hãy đặt mã cơ quan vào tên tệp, ví dụ BCT_thang10.csv",
		"the agency of this file is unknown (its content cannot be read and "
		"its name holds no agency code): it counts for no agency; put the "
		"code in its name, e.g. BCT_thang10.csv" },
	[M_SCHEMA_JSON] = {
		"JSON không hợp lệ: %s",
		"invalid JSON: %s" },
	[M_SCHEMA_KEY] = {
		"%s: khoá \"%s\" không được hỗ trợ (tiendo không bỏ qua khoá lạ; "
		"hãy xoá hoặc sửa)",
		"%s: the key \"%s\" is not supported (tiendo ignores no key; "
		"remove or correct it)" },
	[M_SCHEMA_VALUE] = {
		"%s: giá trị của \"%s\" không hợp lệ, cần %s",
		"%s: the value of \"%s\" is invalid, expected %s" },
	[M_SCHEMA_PATTERN] = {
		"%s: mẫu biểu thức không hợp lệ: %s (tại ký tự %lu)",
		"%s: invalid pattern: %s (at character %lu)" },
	[M_TEMPLATE_MISSING] = {
		"%s: thiếu khoá \"%s\" (hãy thêm, theo mẫu templates/report.json)",
		"%s: the key \"%s\" is missing (add it, as in templates/report.json)" },
	[M_TEMPLATE_PLACEHOLDER] = {
		"%s: không có biến \"{%s}\" (hãy sửa theo các biến trong README)",
		"%s: there is no placeholder \"{%s}\" (use those the README lists)" },
	[M_SCHEMA_FIELD_REF] = {
		"%s: không có trường \"%s\" trong lược đồ",
		"%s: there is no field \"%s\" in the schema" },
	[M_SCHEMA_NEEDS] = {
		"lược đồ thiếu trường \"%s\" mà tiendo cần",
		"the schema lacks the field \"%s\" that tiendo needs" },
	[M_ROADMAP_MILESTONE_RANGE] = {
		"mốc %s nằm ngoài thời gian của nhiệm vụ (%s đến %s)",
		"the milestone %s falls outside the task's span (%s to %s)" },
	[M_ROADMAP_MILESTONE_ORDER] = {
		"tiến độ kế hoạch %s\u00a0%% thấp hơn mốc trước (%s\u00a0%%): "
		"lộ trình không được đi xuống",
		"the planned %s%% is below the earlier milestone (%s%%): a "
		"trajectory never goes down" },
	[M_ROADMAP_DUE_BEFORE_START] = {
		"hạn hoàn thành %s trước ngày bắt đầu %s",
		"the due date %s is before the start date %s" },
	[M_DATE_ORDER] = {
		"%s %s trước %s %s",
		"the %s %s is before the %s %s" },
	[M_ROADMAP_PILLAR_ID] = {
		"mã nhiệm vụ %s không mang mã trụ cột %s ở giữa",
		"the task id %s does not carry its pillar %s in the middle" },
	[M_ROADMAP_SUPPORT] = {
		"cơ quan phối hợp \"%s\" không có trong danh mục cơ quan",
		"the supporting agency \"%s\" is not in the list of agencies" },
	[M_ROADMAP_LEAD_INVALID] = {
		"cơ quan chủ trì %s không có hiệu lực vào ngày bắt đầu %s",
		"the lead agency %s is not in existence on the start date %s" },
	[M_ROADMAP_SUCCESSOR_CYCLE] = {
		"cơ quan kế thừa của %s lại dẫn về chính nó (%s): một cơ quan "
		"không thể kế thừa chính mình; hãy sửa cột successor",
		"the successor of %s leads back to it (%s): an agency cannot take "
		"over from itself; correct the successor column" },
	[M_ROADMAP_EMPTY_FILE] = {
		"tệp của lộ trình trống, không có dòng tiêu đề: tệp phải bắt đầu "
		"bằng dòng tiêu đề %s, mỗi dòng sau là một mục; hãy khôi phục tệp "
		"hoặc chỉ đúng thư mục dữ liệu bằng --input",
		"this roadmap file is empty, with no header line: it must begin "
		"with the header line %s, then one line per entry; restore the "
		"file or give the right data folder with --input" },
	[M_ROADMAP_NO_TASKS] = {
		"lộ trình không có nhiệm vụ nào (tệp chỉ có dòng tiêu đề): không "
		"có gì để theo dõi; hãy nhập các nhiệm vụ, mỗi dòng một nhiệm vụ, "
		"hoặc chỉ đúng thư mục dữ liệu bằng --input",
		"the roadmap has no task (the file holds its header line only): "
		"there is nothing to measure; enter the tasks, one per line, or "
		"give the right data folder with --input" },
	[M_ROADMAP_MISSING_LABEL] = {
		"thiếu cột bắt buộc \"%s\" trong dòng tiêu đề của tệp lộ trình "
		"(các cột: %s): hãy thêm cột này; lộ trình không được sử dụng",
		"the required column \"%s\" is missing from the header line of "
		"this roadmap file (its columns: %s): add it; the roadmap is not "
		"used" },
	[M_RECEIVED_AT] = {
		"\"%s\" không phải là thời điểm có thật: hãy ghi ngày giờ nhận "
		"theo dạng YYYY-MM-DD HH:MM (giờ 00-23, phút 00-59)",
		"\"%s\" is not a real time: write the day and time received as "
		"YYYY-MM-DD HH:MM (hours 00-23, minutes 00-59)" },
	[M_HTTP_NO_TOKEN] = {
		"chưa đăng nhập: hãy gửi mã truy cập trong tiêu đề "
		"Authorization: Bearer MÃ, hoặc đăng nhập trên trang",
		"not signed in: send the token in the header Authorization: "
		"Bearer TOKEN, or sign in on the page" },
	[M_HTTP_BAD_TOKEN] = {
		"mã truy cập không đúng hoặc đã bị thu hồi; không có gì được lưu",
		"the token is wrong or was revoked; nothing was stored" },
	[M_HTTP_CSRF] = {
		"thiếu mã chống giả mạo (X-CSRF-Token) của phiên đăng nhập: hãy tải "
		"lại trang",
		"the session's anti-forgery token (X-CSRF-Token) is missing or "
		"wrong: reload the page" },
	[M_HTTP_ADMIN_ONLY] = {
		"chỉ ban thư ký (mã quản trị) được xem mục này",
		"only the secretariat (an admin token) may see this" },
	[M_HTTP_AGENCY_ONLY] = {
		"chỉ cơ quan báo cáo mới nộp được tệp: mã quản trị không thuộc cơ "
		"quan nào",
		"only an agency submits files: an admin token belongs to none" },
	[M_HTTP_NOT_YOURS] = {
		"tệp %s là của cơ quan khác", "the file %s is another agency's" },
	[M_HTTP_NOT_FOUND] = {
		"không có trang %s", "there is no page %s" },
	[M_HTTP_NO_FILE] = {
		"tháng %2$s không có tệp %1$s trong sổ nhận received.csv",
		"there is no file %s in the receipt log of %s" },
	[M_HTTP_METHOD] = {
		"%s không nhận phương thức %s", "%s does not take %s" },
	[M_HTTP_TOO_LARGE] = {
		"tệp lớn hơn giới hạn %s nên không có gì được lưu: tệp báo cáo "
		"chỉ cần các dòng của mẫu tháng, hãy bỏ các dòng, cột khác "
		"(hoặc lưu lại dưới dạng CSV UTF-8) rồi gửi lại",
		"the file is larger than the limit of %s, so nothing was "
		"stored: a report needs only the rows of the month's form; "
		"remove other rows and columns (or save it again as CSV UTF-8) "
		"and send it again" },
	[M_HTTP_RATE] = {
		"quá nhiều yêu cầu với mã truy cập này: hãy thử lại sau ít giây",
		"too many requests with this token: try again in a few seconds" },
	[M_HTTP_BAD_PERIOD] = {
		"kỳ báo cáo \"%s\" không hợp lệ: hãy ghi period=YYYY-MM, không "
		"sau tháng hiện tại",
		"the period \"%s\" is not valid: give period=YYYY-MM, not after "
		"the current month" },
	[M_HTTP_BAD_NAME] = {
		"tên tệp \"%s\" không hợp lệ: chỉ một tên, không có / hay ..",
		"the file name \"%s\" is not valid: a plain name, no / nor .." },
	[M_HTTP_BAD_AGENCY] = {
		"không có cơ quan \"%s\" trong agencies.csv",
		"there is no agency \"%s\" in agencies.csv" },
	[M_HTTP_NO_PERIOD] = {
		"thiếu kỳ báo cáo: hãy ghi period=YYYY-MM (ví dụ period=2023-11)",
		"the period is missing: give period=YYYY-MM (e.g. period=2023-11)" },
	[M_HTTP_NO_NAME] = {
		"thiếu tên tệp: hãy ghi file=TÊN, tên một tệp trong danh sách "
		"tệp đã nhận của tháng",
		"the file name is missing: give file=NAME, the name of a file in "
		"the month's list of files received" },
	[M_HTTP_NO_AGENCY] = {
		"mã quản trị cần ghi cơ quan: hãy thêm agency=MÃ (ví dụ "
		"agency=BCT)",
		"an admin token must name the agency: add agency=CODE (e.g. "
		"agency=BCT)" },
	[M_HTTP_OTHER_AGENCY] = {
		"mã truy cập này của %2$s, không lấy được biểu mẫu của %1$s",
		"this token is %2$s's: it cannot take the form of %1$s" },
	[M_HTTP_STORE] = {
		"không lưu được tệp (%s); không có gì được lưu, hãy gửi lại sau",
		"the file could not be stored (%s); nothing was stored, send it "
		"again later" },
	[M_HTTP_TIMEOUT] = {
		"yêu cầu quá lâu", "the request took too long" },
	[M_HTTP_BUSY] = {
		"máy chủ đang nhận nhiều tệp cùng lúc: hãy gửi lại sau ít giây; "
		"không có gì được lưu",
		"the server is taking in many files at once: send it again in a "
		"few seconds; nothing was stored" },
};

const char *msg(enum lang lang, enum msg_id id)
{
	const char *m;

	if ((unsigned)id >= M_MSG_COUNT)
		return "?";
	m = catalog[id][lang == LANG_EN ? 1 : 0];
	return m ? m : "?";
}

enum msg_id msg_of_open_errno(int err)
{
	switch (err) {
	case ENOENT: return M_IO_NOENT;
	case EACCES: return M_IO_ACCES;
	case EISDIR: return M_IO_ISDIR;
	case ENODEV: return M_IO_SPECIAL;
	case ENOLINK: return M_IO_DANGLING;
	case ELOOP: return M_IO_LOOP;
	case EXDEV: return M_IO_OUTSIDE;
	default: return M_IO_OPEN;
	}
}

bool lang_parse(const char *s, enum lang *out)
{
	if (strcmp(s, "vi") == 0)
		*out = LANG_VI;
	else if (strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return false;
	return true;
}
