/*
 * gen.c: seeded, fast generator of synthetic tiendo inputs for the benchmark.
 *
 * Writes a reference directory (agencies.csv, roadmap/tasks.csv,
 * roadmap/milestones.csv, roadmap/indicators.csv) and one progress
 * submission file shaped like the real exports (see /work/shared/SPEC.md):
 * Vietnamese free text with commas, doubled quotes and quoted newlines,
 * comma decimals, two date formats, English codes and Vietnamese labels.
 * Exactly one row in every 100 is planted bad (one real validation error
 * each).  Output depends only on the options: same seed, same bytes.
 *
 *   gen --seed S --rows R --tasks N --text-scale K --ref DIR --out FILE
 *       [--period YYYY-MM] [--delim ,|;] [--crlf] [--bom] [--nfd PCT]
 *       [--bad-list FILE]
 *
 * Rows are written in blocks: block k has period (--period minus k months)
 * and visits every (agency, task) pair of the roadmap once, in a shuffled
 * order, so (period, agency_code, task_id) is unique.  Plain C99, no deps.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------------------------------------------------------------- errors */

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

/* ------------------------------------------------------------------- rng */

/* splitmix64: tiny, fast, good enough, and fully determined by the seed. */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* uniform integer in [0, n) */
static uint32_t rnd(uint32_t n)
{
	return (uint32_t)(((rnd64() >> 32) * (uint64_t)n) >> 32);
}

/* true with probability pct/100 */
static int chance(uint32_t pct)
{
	return rnd(100) < pct;
}

/* --------------------------------------------------------- output buffer */

/* A large buffer in front of stdio, so that a row costs a few memcpy's. */
struct out {
	FILE *f;
	const char *path;
	char *buf;
	size_t len, cap;
	uint64_t total;     /* bytes written so far */
	uint64_t lines;     /* '\n' written so far */
};

static void out_open(struct out *o, const char *path)
{
	o->f = fopen(path, "wb");
	if (!o->f)
		die("cannot write %s: %s", path, strerror(errno));
	o->path = path;
	o->cap = 1u << 20;
	o->buf = xmalloc(o->cap);
	o->len = 0;
	o->total = 0;
	o->lines = 0;
}

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		die("write error on %s: %s", o->path, strerror(errno));
	o->total += o->len;
	o->len = 0;
}

static void out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0)
		die("write error on %s: %s", o->path, strerror(errno));
	free(o->buf);
}

static inline void out_reserve(struct out *o, size_t n)
{
	if (o->len + n > o->cap) {
		out_flush(o);
		if (n > o->cap)
			die("internal: record piece too large");
	}
}

static inline void out_mem(struct out *o, const char *s, size_t n)
{
	out_reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static inline void out_ch(struct out *o, char c)
{
	out_reserve(o, 1);
	o->buf[o->len++] = c;
}

static void out_uint(struct out *o, unsigned long v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_reserve(o, (size_t)n);
	while (n)
		o->buf[o->len++] = tmp[--n];
}

static void out_pad2(struct out *o, unsigned v)
{
	out_ch(o, (char)('0' + v / 10 % 10));
	out_ch(o, (char)('0' + v % 10));
}

static void out_pad3(struct out *o, unsigned v)
{
	out_ch(o, (char)('0' + v / 100 % 10));
	out_pad2(o, v % 100);
}

/* A CSV field: quoted (inner quotes doubled) when it holds the delimiter, a
 * quote or a line break; as is otherwise.  Counts the newlines it writes. */
static void out_field(struct out *o, const char *s, size_t n, char delim)
{
	size_t i, nq = 0;
	int need = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"')
			nq++, need = 1;
		else if (c == delim || c == '\n' || c == '\r')
			need = 1;
		if (c == '\n')
			o->lines++;
	}
	if (!need) {
		out_mem(o, s, n);
		return;
	}
	out_reserve(o, n + nq + 2);
	o->buf[o->len++] = '"';
	if (!nq) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				o->buf[o->len++] = '"';
			o->buf[o->len++] = s[i];
		}
	}
	o->buf[o->len++] = '"';
}

static void out_cstr_field(struct out *o, const char *s, char delim)
{
	out_field(o, s, strlen(s), delim);
}

/* ------------------------------------------------------------------ dates */

/* days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms) */
static long days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void out_iso(struct out *o, long days)
{
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	out_uint(o, (unsigned long)y);
	out_ch(o, '-');
	out_pad2(o, m);
	out_ch(o, '-');
	out_pad2(o, d);
}

/* ------------------------------------------------------------ vocabulary */

struct agency {
	const char *code, *name_vi, *name_en, *mail;
};

static const struct agency AGENCIES[] = {
	{"BNG", "Bộ Ngoại giao", "Ministry of Foreign Affairs", "mofa"},
	{"BQP", "Bộ Quốc phòng", "Ministry of National Defence", "mod"},
	{"BCA", "Bộ Công an", "Ministry of Public Security", "mps"},
	{"BKHDT", "Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment", "mpi"},
	{"BTC", "Bộ Tài chính", "Ministry of Finance", "mof"},
	{"BCT", "Bộ Công Thương", "Ministry of Industry and Trade", "moit"},
	{"BTP", "Bộ Tư pháp", "Ministry of Justice", "moj"},
	{"BNV", "Bộ Nội vụ", "Ministry of Home Affairs", "moha"},
	{"BGDDT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", "moet"},
	{"BYT", "Bộ Y tế", "Ministry of Health", "moh"},
	{"BVHTDL", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism", "bvhttdl"},
	{"BTTTT", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "mic"},
	{"BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "most"},
	{"BGTVT", "Bộ Giao thông vận tải", "Ministry of Transport", "mt"},
	{"BXD", "Bộ Xây dựng", "Ministry of Construction", "moc"},
	{"BTNMT", "Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment", "monre"},
	{"LDTBXH", "Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs", "molisa"},
	{"NHNN", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam", "sbv"},
	{"VPCP", "Văn phòng Chính phủ", "Office of the Government", "chinhphu"},
	{"TTCP", "Thanh tra Chính phủ", "Government Inspectorate", "thanhtra"},
};
#define NAGENCY ((int)(sizeof AGENCIES / sizeof AGENCIES[0]))

static const char *const PILLARS[] = {"POL", "ECO", "DEF", "CUL", "SCI", "INS", "LOC"};
/* a look-alike pillar per pillar, for planted unknown task ids (injective) */
static const char *const FAKE_PILLARS[] = {"POX", "ECX", "DEX", "CUX", "SCX", "INX", "LOX"};
#define NPILLAR 7

static const char *const PILLAR_VI[] = {
	"hội nhập quốc tế về chính trị", "hội nhập kinh tế quốc tế",
	"hội nhập quốc tế về quốc phòng", "hội nhập quốc tế về văn hóa, xã hội",
	"hội nhập quốc tế về khoa học, công nghệ", "thể chế và bộ máy phục vụ hội nhập",
	"hội nhập quốc tế của các địa phương",
};
static const char *const PILLAR_EN[] = {
	"political integration", "international economic integration",
	"defence integration", "cultural and social integration",
	"integration in science and technology", "institutions for integration",
	"integration of the provinces",
};
static const char *const TASK_VERB_VI[] = {
	"Hoàn thiện thể chế về", "Xây dựng đề án", "Tổng kết, đánh giá",
	"Nâng cao năng lực", "Triển khai chương trình hành động về",
	"Rà soát, sửa đổi quy định về", "Đào tạo, bồi dưỡng cán bộ về",
};
static const char *const TASK_VERB_EN[] = {
	"Improve the legal framework for", "Draft a scheme on", "Review and assess",
	"Build capacity for", "Carry out the action programme on",
	"Review and amend the rules on", "Train officials in",
};

/* Free-text phrases.  Some hold quotes (doubled in the CSV), all are NFC. */
static const char *const DIFFICULTY[] = {
	"Nguồn lực tài chính còn hạn chế",
	"thủ tục phê duyệt kéo dài",
	"phối hợp giữa các bộ, ngành chưa chặt chẽ",
	"thiếu cán bộ có chuyên môn sâu về hội nhập quốc tế",
	"văn bản hướng dẫn chưa được ban hành kịp thời",
	"khó khăn trong việc thu thập số liệu từ các địa phương",
	"tiến độ giải ngân vốn đầu tư công còn chậm",
	"Đề án \"Nâng cao năng lực hội nhập\" chưa được phê duyệt",
	"kế hoạch đoàn ra, đoàn vào bị điều chỉnh nhiều lần",
	"cơ sở dữ liệu chưa được kết nối, chia sẻ",
	"chưa có hướng dẫn của Bộ Tài chính về định mức chi",
	"một số cam kết trong các FTA thế hệ mới cần rà soát lại",
	"đối tác nước ngoài đề nghị lùi thời gian đàm phán",
	"nhiệm vụ phát sinh đột xuất làm ảnh hưởng đến tiến độ",
};
static const char *const PROPOSAL[] = {
	"Đề nghị Văn phòng Chính phủ đôn đốc các cơ quan liên quan",
	"kiến nghị bổ sung kinh phí trong dự toán năm sau",
	"đề xuất gia hạn thời hạn hoàn thành đến quý IV",
	"tăng cường tập huấn, bồi dưỡng cho cán bộ làm công tác hội nhập",
	"đề nghị Bộ Kế hoạch và Đầu tư sớm cân đối vốn",
	"sửa đổi Nghị định 30/2020/NĐ-CP cho phù hợp thực tiễn",
	"thành lập tổ công tác liên ngành",
	"đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số",
	"tổ chức hội nghị sơ kết \"10 năm thực hiện Nghị quyết 22\"",
	"xin ý kiến Ban Chỉ đạo quốc gia về hội nhập quốc tế",
	"giao đầu mối theo dõi, tổng hợp cho một đơn vị",
	"chia sẻ kinh nghiệm với các nước ASEAN",
};
#define NELEM(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static const char *const SURNAME[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng",
	"Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
static const char SURNAME_ASCII[] = "ntlphhpvvdbdhndl";
static const char *const MIDDLE[] = {"Văn", "Thị", "Hữu", "Đức", "Minh",
	"Thanh", "Quốc", "Ngọc", "Thu", "Hoài"};
static const char MIDDLE_ASCII[] = "vthdmtqnth";
static const char *const GIVEN[] = {"An", "Bình", "Cường", "Dũng", "Giang",
	"Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long",
	"Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
	"Tuấn", "Việt", "Yến"};
static const char *const GIVEN_ASCII[] = {"an", "binh", "cuong", "dung",
	"giang", "ha", "hai", "hanh", "hung", "huong", "khanh", "lan", "linh",
	"long", "mai", "nam", "nga", "phuong", "quan", "son", "tam", "thao",
	"trang", "tuan", "viet", "yen"};

static const char *const STATUS_CODE[] = {"not_started", "in_progress",
	"completed", "delayed", "cancelled"};
static const char *const STATUS_VI[] = {"Chưa thực hiện", "Đang thực hiện",
	"Hoàn thành", "Chậm tiến độ", "Dừng thực hiện"};
enum { ST_NOT_STARTED, ST_IN_PROGRESS, ST_COMPLETED, ST_DELAYED, ST_CANCELLED };

/* number of characters (code points) of a UTF-8 string */
static size_t u8len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ------------------------------------------------------------------ NFD */

/* Canonical decompositions of the Latin letters Vietnamese uses (generated
 * from Python's unicodedata): code point -> base letter and up to two
 * combining marks, indices into VI_MARK (1-based; 0 = none).  Rows asked to
 * be NFD (--nfd) get their Vietnamese text decomposed with it, as some Mac
 * and web exports do; the validator must normalise them back to NFC. */
struct vi_dec {
	uint16_t cp;
	char base;
	uint8_t m1, m2;
};
static const char *const VI_MARK[] = {"", "\xCC\x80", "\xCC\x81", "\xCC\x83",
	"\xCC\x89", "\xCC\xA3", "\xCC\x82", "\xCC\x86", "\xCC\x9B"};
static const struct vi_dec VI_DEC[] = {
	{0x00C0, 'A', 1, 0}, {0x00C1, 'A', 2, 0}, {0x00C2, 'A', 6, 0}, {0x00C3, 'A', 3, 0}, {0x00C8, 'E', 1, 0},
	{0x00C9, 'E', 2, 0}, {0x00CA, 'E', 6, 0}, {0x00CC, 'I', 1, 0}, {0x00CD, 'I', 2, 0}, {0x00CE, 'I', 6, 0},
	{0x00D1, 'N', 3, 0}, {0x00D2, 'O', 1, 0}, {0x00D3, 'O', 2, 0}, {0x00D4, 'O', 6, 0}, {0x00D5, 'O', 3, 0},
	{0x00D9, 'U', 1, 0}, {0x00DA, 'U', 2, 0}, {0x00DB, 'U', 6, 0}, {0x00DD, 'Y', 2, 0}, {0x00E0, 'a', 1, 0},
	{0x00E1, 'a', 2, 0}, {0x00E2, 'a', 6, 0}, {0x00E3, 'a', 3, 0}, {0x00E8, 'e', 1, 0}, {0x00E9, 'e', 2, 0},
	{0x00EA, 'e', 6, 0}, {0x00EC, 'i', 1, 0}, {0x00ED, 'i', 2, 0}, {0x00EE, 'i', 6, 0}, {0x00F1, 'n', 3, 0},
	{0x00F2, 'o', 1, 0}, {0x00F3, 'o', 2, 0}, {0x00F4, 'o', 6, 0}, {0x00F5, 'o', 3, 0}, {0x00F9, 'u', 1, 0},
	{0x00FA, 'u', 2, 0}, {0x00FB, 'u', 6, 0}, {0x00FD, 'y', 2, 0}, {0x0102, 'A', 7, 0}, {0x0103, 'a', 7, 0},
	{0x0106, 'C', 2, 0}, {0x0107, 'c', 2, 0}, {0x0108, 'C', 6, 0}, {0x0109, 'c', 6, 0}, {0x0114, 'E', 7, 0},
	{0x0115, 'e', 7, 0}, {0x011C, 'G', 6, 0}, {0x011D, 'g', 6, 0}, {0x011E, 'G', 7, 0}, {0x011F, 'g', 7, 0},
	{0x0124, 'H', 6, 0}, {0x0125, 'h', 6, 0}, {0x0128, 'I', 3, 0}, {0x0129, 'i', 3, 0}, {0x012C, 'I', 7, 0},
	{0x012D, 'i', 7, 0}, {0x0134, 'J', 6, 0}, {0x0135, 'j', 6, 0}, {0x0139, 'L', 2, 0}, {0x013A, 'l', 2, 0},
	{0x0143, 'N', 2, 0}, {0x0144, 'n', 2, 0}, {0x014E, 'O', 7, 0}, {0x014F, 'o', 7, 0}, {0x0154, 'R', 2, 0},
	{0x0155, 'r', 2, 0}, {0x015A, 'S', 2, 0}, {0x015B, 's', 2, 0}, {0x015C, 'S', 6, 0}, {0x015D, 's', 6, 0},
	{0x0168, 'U', 3, 0}, {0x0169, 'u', 3, 0}, {0x016C, 'U', 7, 0}, {0x016D, 'u', 7, 0}, {0x0174, 'W', 6, 0},
	{0x0175, 'w', 6, 0}, {0x0176, 'Y', 6, 0}, {0x0177, 'y', 6, 0}, {0x0179, 'Z', 2, 0}, {0x017A, 'z', 2, 0},
	{0x01A0, 'O', 8, 0}, {0x01A1, 'o', 8, 0}, {0x01AF, 'U', 8, 0}, {0x01B0, 'u', 8, 0}, {0x01F4, 'G', 2, 0},
	{0x01F5, 'g', 2, 0}, {0x01F8, 'N', 1, 0}, {0x01F9, 'n', 1, 0}, {0x1E04, 'B', 5, 0}, {0x1E05, 'b', 5, 0},
	{0x1E0C, 'D', 5, 0}, {0x1E0D, 'd', 5, 0}, {0x1E24, 'H', 5, 0}, {0x1E25, 'h', 5, 0}, {0x1E30, 'K', 2, 0},
	{0x1E31, 'k', 2, 0}, {0x1E32, 'K', 5, 0}, {0x1E33, 'k', 5, 0}, {0x1E36, 'L', 5, 0}, {0x1E37, 'l', 5, 0},
	{0x1E3E, 'M', 2, 0}, {0x1E3F, 'm', 2, 0}, {0x1E42, 'M', 5, 0}, {0x1E43, 'm', 5, 0}, {0x1E46, 'N', 5, 0},
	{0x1E47, 'n', 5, 0}, {0x1E4C, 'O', 3, 2}, {0x1E4D, 'o', 3, 2}, {0x1E54, 'P', 2, 0}, {0x1E55, 'p', 2, 0},
	{0x1E5A, 'R', 5, 0}, {0x1E5B, 'r', 5, 0}, {0x1E62, 'S', 5, 0}, {0x1E63, 's', 5, 0}, {0x1E6C, 'T', 5, 0},
	{0x1E6D, 't', 5, 0}, {0x1E78, 'U', 3, 2}, {0x1E79, 'u', 3, 2}, {0x1E7C, 'V', 3, 0}, {0x1E7D, 'v', 3, 0},
	{0x1E7E, 'V', 5, 0}, {0x1E7F, 'v', 5, 0}, {0x1E80, 'W', 1, 0}, {0x1E81, 'w', 1, 0}, {0x1E82, 'W', 2, 0},
	{0x1E83, 'w', 2, 0}, {0x1E88, 'W', 5, 0}, {0x1E89, 'w', 5, 0}, {0x1E90, 'Z', 6, 0}, {0x1E91, 'z', 6, 0},
	{0x1E92, 'Z', 5, 0}, {0x1E93, 'z', 5, 0}, {0x1EA0, 'A', 5, 0}, {0x1EA1, 'a', 5, 0}, {0x1EA2, 'A', 4, 0},
	{0x1EA3, 'a', 4, 0}, {0x1EA4, 'A', 6, 2}, {0x1EA5, 'a', 6, 2}, {0x1EA6, 'A', 6, 1}, {0x1EA7, 'a', 6, 1},
	{0x1EA8, 'A', 6, 4}, {0x1EA9, 'a', 6, 4}, {0x1EAA, 'A', 6, 3}, {0x1EAB, 'a', 6, 3}, {0x1EAC, 'A', 5, 6},
	{0x1EAD, 'a', 5, 6}, {0x1EAE, 'A', 7, 2}, {0x1EAF, 'a', 7, 2}, {0x1EB0, 'A', 7, 1}, {0x1EB1, 'a', 7, 1},
	{0x1EB2, 'A', 7, 4}, {0x1EB3, 'a', 7, 4}, {0x1EB4, 'A', 7, 3}, {0x1EB5, 'a', 7, 3}, {0x1EB6, 'A', 5, 7},
	{0x1EB7, 'a', 5, 7}, {0x1EB8, 'E', 5, 0}, {0x1EB9, 'e', 5, 0}, {0x1EBA, 'E', 4, 0}, {0x1EBB, 'e', 4, 0},
	{0x1EBC, 'E', 3, 0}, {0x1EBD, 'e', 3, 0}, {0x1EBE, 'E', 6, 2}, {0x1EBF, 'e', 6, 2}, {0x1EC0, 'E', 6, 1},
	{0x1EC1, 'e', 6, 1}, {0x1EC2, 'E', 6, 4}, {0x1EC3, 'e', 6, 4}, {0x1EC4, 'E', 6, 3}, {0x1EC5, 'e', 6, 3},
	{0x1EC6, 'E', 5, 6}, {0x1EC7, 'e', 5, 6}, {0x1EC8, 'I', 4, 0}, {0x1EC9, 'i', 4, 0}, {0x1ECA, 'I', 5, 0},
	{0x1ECB, 'i', 5, 0}, {0x1ECC, 'O', 5, 0}, {0x1ECD, 'o', 5, 0}, {0x1ECE, 'O', 4, 0}, {0x1ECF, 'o', 4, 0},
	{0x1ED0, 'O', 6, 2}, {0x1ED1, 'o', 6, 2}, {0x1ED2, 'O', 6, 1}, {0x1ED3, 'o', 6, 1}, {0x1ED4, 'O', 6, 4},
	{0x1ED5, 'o', 6, 4}, {0x1ED6, 'O', 6, 3}, {0x1ED7, 'o', 6, 3}, {0x1ED8, 'O', 5, 6}, {0x1ED9, 'o', 5, 6},
	{0x1EDA, 'O', 8, 2}, {0x1EDB, 'o', 8, 2}, {0x1EDC, 'O', 8, 1}, {0x1EDD, 'o', 8, 1}, {0x1EDE, 'O', 8, 4},
	{0x1EDF, 'o', 8, 4}, {0x1EE0, 'O', 8, 3}, {0x1EE1, 'o', 8, 3}, {0x1EE2, 'O', 8, 5}, {0x1EE3, 'o', 8, 5},
	{0x1EE4, 'U', 5, 0}, {0x1EE5, 'u', 5, 0}, {0x1EE6, 'U', 4, 0}, {0x1EE7, 'u', 4, 0}, {0x1EE8, 'U', 8, 2},
	{0x1EE9, 'u', 8, 2}, {0x1EEA, 'U', 8, 1}, {0x1EEB, 'u', 8, 1}, {0x1EEC, 'U', 8, 4}, {0x1EED, 'u', 8, 4},
	{0x1EEE, 'U', 8, 3}, {0x1EEF, 'u', 8, 3}, {0x1EF0, 'U', 8, 5}, {0x1EF1, 'u', 8, 5}, {0x1EF2, 'Y', 1, 0},
	{0x1EF3, 'y', 1, 0}, {0x1EF4, 'Y', 5, 0}, {0x1EF5, 'y', 5, 0}, {0x1EF6, 'Y', 4, 0}, {0x1EF7, 'y', 4, 0},
	{0x1EF8, 'Y', 3, 0}, {0x1EF9, 'y', 3, 0},
};
#define NVI_DEC (sizeof VI_DEC / sizeof VI_DEC[0])

/* NFD of n bytes of NFC UTF-8 text into out (room for 2n bytes + 1):
 * returns the new length.  Characters outside the table are copied. */
static size_t to_nfd(const char *in, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, o = 0;
	while (i < n) {
		unsigned cp, len;
		size_t lo = 0, hi = NVI_DEC;
		if (u[i] < 0x80) {
			out[o++] = (char)u[i++];
			continue;
		}
		if ((u[i] & 0xE0) == 0xC0 && i + 1 < n) {
			cp = (unsigned)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			len = 2;
		} else if ((u[i] & 0xF0) == 0xE0 && i + 2 < n) {
			cp = (unsigned)(u[i] & 0x0F) << 12 | (unsigned)(u[i + 1] & 0x3F) << 6 |
			     (u[i + 2] & 0x3F);
			len = 3;
		} else {
			out[o++] = (char)u[i++];
			continue;
		}
		while (lo < hi) {                  /* binary search, sorted by cp */
			size_t mid = (lo + hi) / 2;
			if (VI_DEC[mid].cp < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < NVI_DEC && VI_DEC[lo].cp == cp) {
			out[o++] = VI_DEC[lo].base;
			memcpy(out + o, VI_MARK[VI_DEC[lo].m1], 2);
			o += 2;
			if (VI_DEC[lo].m2) {
				memcpy(out + o, VI_MARK[VI_DEC[lo].m2], 2);
				o += 2;
			}
		} else {
			memcpy(out + o, in + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return o;
}

/* ------------------------------------------------------------- free text */

#define TEXT_MAX_CHARS 2000      /* the schema's maxLength */
#define TEXT_BUF (TEXT_MAX_CHARS * 4 + 64)

struct phrases {
	const char *const *s;
	uint32_t n;
	size_t bytes[16], chars[16];
};

static void phrases_init(struct phrases *p, const char *const *s, uint32_t n)
{
	uint32_t i;
	if (n > 16)
		die("internal: too many phrases");
	p->s = s;
	p->n = n;
	for (i = 0; i < n; i++) {
		p->bytes[i] = strlen(s[i]);
		p->chars[i] = u8len(s[i]);
	}
}

/* Free text of about `target` characters, never more than TEXT_MAX_CHARS:
 * phrases joined by ", " "; " ". ", now and then a line break, a final ".".
 * Returns its length in bytes. */
static size_t make_text(char *buf, const struct phrases *p, size_t target)
{
	size_t len = 0, chars = 0;
	int newline = chance(6);
	if (target > TEXT_MAX_CHARS - 1)
		target = TEXT_MAX_CHARS - 1;
	if (target < 8)
		target = 8;
	for (;;) {
		uint32_t i = rnd(p->n);
		if (chars && chars + 2 + p->chars[i] + 1 > TEXT_MAX_CHARS)
			break;
		if (len) {
			uint32_t r = rnd(100);
			if (newline && r < 20) {
				buf[len++] = '.';
				buf[len++] = '\n';
				newline = 0;
			} else if (r < 70) {
				buf[len++] = ',';
				buf[len++] = ' ';
			} else if (r < 85) {
				buf[len++] = ';';
				buf[len++] = ' ';
			} else {
				buf[len++] = '.';
				buf[len++] = ' ';
			}
			chars += 2;
		}
		memcpy(buf + len, p->s[i], p->bytes[i]);
		len += p->bytes[i];
		chars += p->chars[i];
		if (chars >= target)
			break;
	}
	buf[len++] = '.';
	return len;
}

/* One optional free-text field (difficulties, proposals) of about
 * base_chars characters, decomposed to NFD when nfd is set. */
static void out_free_text(struct out *o, char *text, char *dec,
			  const struct phrases *p, double base_chars, int nfd,
			  char delim)
{
	size_t n = make_text(text, p, (size_t)(base_chars *
					       (0.5 + rnd(1000) / 1000.0)));

	if (nfd)
		out_field(o, dec, to_nfd(text, n, dec), delim);
	else
		out_field(o, text, n, delim);
}

/* ---------------------------------------------------------------- model */

struct task {
	char id[16];
	uint8_t lead, pillar;
};

struct pair {                /* an agency that leads or supports a task */
	uint32_t task;
	uint8_t agency;
	uint8_t base2;           /* percent at block 0, in half points 0..200 */
	uint8_t rate2;           /* half points lost per month going back */
	uint8_t kind;            /* 0 normal, 1 delayed, 2 cancelled */
};

struct opts {
	uint64_t seed;
	unsigned long rows, tasks;
	double text_scale;
	const char *ref, *out, *bad_list;
	int period_y, period_m;
	char delim;
	int crlf, bom;
	unsigned nfd;            /* percent of rows with NFD text */
};

static void usage(void)
{
	fputs("usage: gen [--seed S] [--rows R] [--tasks N] [--text-scale K]\n"
	      "           [--ref DIR] [--out FILE] [--period YYYY-MM]\n"
	      "           [--delim ,|;] [--crlf] [--bom] [--nfd PCT] [--bad-list FILE]\n"
	      "  --ref DIR    write agencies.csv and roadmap/*.csv under DIR\n"
	      "  --out FILE   write a progress submission of R data rows\n"
	      "  --nfd PCT    PCT %% of rows carry their Vietnamese text in NFD\n"
	      "  --bad-list   write row,line,kind,field of each planted bad row\n",
	      stderr);
	exit(64);
}

static unsigned long parse_ul(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s || *s == '-')
		die("bad %s: %s", what, s);
	return v;
}

static void mkdir_p(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		die("cannot create %s: %s", path, strerror(errno));
}

static char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

static void out_doc(struct out *o, const char *agency)
{
	/* document numbers in the shapes the spec shows: 321/TB-VPCP, 05/2022/QH15 */
	switch (rnd(4)) {
	case 0:
		out_uint(o, 1 + rnd(999));
		out_str(o, "/TB-VPCP");
		break;
	case 1:
		out_pad2(o, 1 + rnd(40));
		out_ch(o, '/');
		out_uint(o, 2016 + rnd(8));
		out_str(o, "/QH");
		out_uint(o, 14 + rnd(2));
		break;
	case 2:
		out_uint(o, 1 + rnd(300));
		out_str(o, "/NQ-CP");
		break;
	default:
		out_uint(o, 1 + rnd(9999));
		out_str(o, "/BC-");
		out_str(o, agency);
		break;
	}
}

/* ---------------------------------------------------------- reference dir */

static void write_agencies(const struct opts *op)
{
	struct out o;
	char *p = path_join(op->ref, "agencies.csv");
	int i;
	out_open(&o, p);
	out_str(&o, "code,name_vi,name_en,valid_from,valid_to,successor\n");
	for (i = 0; i < NAGENCY; i++) {
		out_str(&o, AGENCIES[i].code);
		out_ch(&o, ',');
		out_cstr_field(&o, AGENCIES[i].name_vi, ',');
		out_ch(&o, ',');
		out_cstr_field(&o, AGENCIES[i].name_en, ',');
		out_str(&o, ",2013-01-01,,\n");
	}
	out_close(&o);
	free(p);
}

/* Task i: lead = i mod 20, pillar = (i / 20) mod 7, number = i / 140 + 1,
 * so ids are unique up to 20 * 7 * 999 tasks.  Returns the pairs. */
static struct pair *write_roadmap(const struct opts *op, struct task *tasks,
				  size_t *npairs)
{
	struct out t, m, ind;
	char *dir = path_join(op->ref, "roadmap");
	char *pt, *pm, *pi;
	unsigned long i;
	size_t np = 0, cap = op->tasks * 8 + 8;
	struct pair *pairs = xmalloc(cap * sizeof *pairs);
	char title[512];
	unsigned long nmile = 0;

	mkdir_p(dir);
	pt = path_join(dir, "tasks.csv");
	pm = path_join(dir, "milestones.csv");
	pi = path_join(dir, "indicators.csv");
	out_open(&t, pt);
	out_open(&m, pm);
	out_open(&ind, pi);
	out_str(&t, "task_id,pillar,title_vi,title_en,lead_agency,support_agencies,"
		    "start_date,due_date,weight,source_document\n");
	out_str(&m, "task_id,date,planned_percent\n");

	for (i = 0; i < op->tasks; i++) {
		struct task *tk = &tasks[i];
		unsigned lead = (unsigned)(i % NAGENCY);
		unsigned pil = (unsigned)(i / NAGENCY % NPILLAR);
		unsigned num = (unsigned)(i / (NAGENCY * NPILLAR) + 1);
		uint8_t used[NAGENCY];
		unsigned nsup = 3 + rnd(5), k;   /* 3..7 supporters, 5 on average */
		long start, due;
		uint32_t v;

		tk->lead = (uint8_t)lead;
		tk->pillar = (uint8_t)pil;
		snprintf(tk->id, sizeof tk->id, "%s-%s-%03u", AGENCIES[lead].code,
			 PILLARS[pil], num);

		out_str(&t, tk->id);
		out_ch(&t, ',');
		out_str(&t, PILLARS[pil]);
		out_ch(&t, ',');
		v = rnd(NELEM(TASK_VERB_VI));
		snprintf(title, sizeof title, "%s %s (nhiệm vụ %u)", TASK_VERB_VI[v],
			 PILLAR_VI[pil], num);
		out_cstr_field(&t, title, ',');
		out_ch(&t, ',');
		snprintf(title, sizeof title, "%s %s (task %u)", TASK_VERB_EN[v],
			 PILLAR_EN[pil], num);
		out_cstr_field(&t, title, ',');
		out_ch(&t, ',');
		out_str(&t, AGENCIES[lead].code);
		out_ch(&t, ',');

		memset(used, 0, sizeof used);
		used[lead] = 1;
		pairs[np].task = (uint32_t)i;
		pairs[np].agency = (uint8_t)lead;
		np++;
		for (k = 0; k < nsup; k++) {
			unsigned a;
			do
				a = rnd(NAGENCY);
			while (used[a]);
			used[a] = 1;
			if (k)
				out_ch(&t, ';');
			out_str(&t, AGENCIES[a].code);
			pairs[np].task = (uint32_t)i;
			pairs[np].agency = (uint8_t)a;
			np++;
		}
		out_ch(&t, ',');

		start = days_from_civil(2014 + (int)rnd(10), 1 + rnd(12), 1 + rnd(28));
		due = start + 365 + (long)rnd(6 * 365);
		if (due > days_from_civil(2030, 12, 31))
			due = days_from_civil(2030, 12, 31);
		out_iso(&t, start);
		out_ch(&t, ',');
		out_iso(&t, due);
		out_ch(&t, ',');
		out_uint(&t, 1 + rnd(3));
		out_ch(&t, ',');
		out_doc(&t, "VPCP");
		out_ch(&t, '\n');

		if (chance(20)) {                 /* milestones for ~20 % of tasks */
			unsigned nm = 2 + rnd(3), j, pct = 0;
			long span = due - start;
			for (j = 1; j <= nm; j++) {
				long d = start + span * (long)j / (long)(nm + 1);
				unsigned step = (100 - pct) / (nm + 1 - j);
				pct += 1 + rnd(step > 1 ? step : 1);
				if (pct > 100)
					pct = 100;
				out_str(&m, tk->id);
				out_ch(&m, ',');
				out_iso(&m, d);
				out_ch(&m, ',');
				out_uint(&m, pct);
				out_ch(&m, '\n');
				nmile++;
			}
		}
	}

	out_str(&ind, "indicator_id,pillar,name_vi,name_en,unit,owner_agency,"
		      "baseline_date,baseline_value,target_date,target_value\n"
		"IND-ECO-01,ECO,Kim ngạch xuất khẩu,Export turnover,tỷ USD,BCT,2013-12-31,132.2,2030-12-31,600\n"
		"IND-ECO-02,ECO,Vốn FDI thực hiện,Disbursed FDI,tỷ USD,BKHDT,2013-12-31,11.5,2030-12-31,35\n"
		"IND-POL-01,POL,Số điều ước quốc tế được ký kết,International treaties signed,văn bản,BNG,2013-12-31,0,2030-12-31,400\n"
		"IND-DEF-01,DEF,Số hoạt động hợp tác quốc phòng song phương,Bilateral defence cooperation events,hoạt động,BQP,2013-12-31,0,2030-12-31,250\n"
		"IND-CUL-01,CUL,Số lượt khách quốc tế,International visitors,triệu lượt,BVHTDL,2013-12-31,7.6,2030-12-31,35\n"
		"IND-SCI-01,SCI,Số bài báo khoa học quốc tế,International scientific papers,bài,BKHCN,2013-12-31,2300,2030-12-31,20000\n"
		"IND-INS-01,INS,\"Tỷ lệ cán bộ được bồi dưỡng về hội nhập, đàm phán\",\"Officials trained in integration, negotiation\",%,BNV,2013-12-31,5,2030-12-31,80\n"
		"IND-LOC-01,LOC,Số tỉnh có kế hoạch hội nhập quốc tế,Provinces with an integration plan,tỉnh,BNV,2013-12-31,10,2030-12-31,63\n");

	out_close(&t);
	out_close(&m);
	out_close(&ind);
	fprintf(stderr, "gen: %s: %lu tasks, %zu (agency, task) pairs, %lu milestones, 8 indicators\n",
		op->ref, op->tasks, np, nmile);
	free(pt);
	free(pm);
	free(pi);
	free(dir);
	*npairs = np;
	return pairs;
}

/* -------------------------------------------------------------- progress */

enum { BAD_PERCENT, BAD_COMPLETED, BAD_EMAIL, BAD_TASK, BAD_DATE, NBAD };
static const char *const BAD_NAME[] = {"percent_over_100", "completed_not_100",
	"bad_email", "unknown_task", "invalid_date"};
static const char *const BAD_FIELD[] = {"percent_complete", "percent_complete",
	"contact_email", "task_id", "report_date"};

static void write_progress(const struct opts *op, const struct task *tasks,
			   struct pair *pairs, size_t np)
{
	struct out o, bl;
	const char delim = op->delim;
	const char *eol = op->crlf ? "\r\n" : "\n";
	uint32_t *perm = xmalloc(np * sizeof *perm);
	char *text = xmalloc(TEXT_BUF);
	char *dec = xmalloc(2 * TEXT_BUF + 1);   /* NFD of text */
	unsigned long nnfd = 0;
	struct phrases pdiff, pprop;
	unsigned long i, nbad[NBAD] = {0}, badpos = 0, nblocks;
	size_t j;
	char period[16];
	int py = 0, pm = 0;
	double base_chars = 110.0 * op->text_scale;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	phrases_init(&pdiff, DIFFICULTY, NELEM(DIFFICULTY));
	phrases_init(&pprop, PROPOSAL, NELEM(PROPOSAL));

	nblocks = (op->rows + np - 1) / np;
	{
		/* agencies are valid from 2013-01: do not go back before it */
		long oldest = (long)op->period_y * 12 + op->period_m - 1 - (long)nblocks + 1;
		if (oldest < 2013L * 12)
			die("%lu rows need %lu periods back from %04d-%02d, before 2013-01; "
			    "use more --tasks", op->rows, nblocks, op->period_y, op->period_m);
	}

	/* per-pair trajectory: percent falls when going back in time, so an
	 * earlier period never reports more than a later one */
	for (j = 0; j < np; j++) {
		struct pair *p = &pairs[j];
		uint32_t r = rnd(100);
		p->kind = r < 3 ? 2 : r < 23 ? 1 : 0;
		p->base2 = chance(15) ? 200 : (uint8_t)rnd(200);
		if (p->kind == 2 && p->base2 > 190)
			p->base2 = 190;
		p->rate2 = (uint8_t)(2 + rnd(11));
		perm[j] = (uint32_t)j;
	}

	out_open(&o, op->out);
	if (op->bad_list) {
		out_open(&bl, op->bad_list);
		out_str(&bl, "row,line,kind,field\n");
	}
	if (op->bom)
		out_str(&o, "\xEF\xBB\xBF");
	{
		static const char *const hdr[] = {"period", "agency_code", "task_id",
			"status", "percent_complete", "report_date", "output_document",
			"difficulties", "proposals", "contact_name", "contact_email",
			"contact_phone"};
		for (j = 0; j < 12; j++) {
			if (j)
				out_ch(&o, delim);
			out_str(&o, hdr[j]);
		}
		out_str(&o, eol);
		o.lines++;
	}

	for (i = 0; i < op->rows; i++) {
		unsigned long blk = i / np;
		size_t slot = i % np;
		const struct pair *p;
		const struct task *tk;
		const struct agency *ag;
		int bad = -1, st, pct2, k, nfd;
		unsigned long line = (unsigned long)o.lines + 1;
		long rdate;

		if (slot == 0) {
			/* new block: a new period and a new order of the pairs */
			long mi = (long)op->period_y * 12 + op->period_m - 1 - (long)blk;
			py = (int)(mi / 12);
			pm = (int)(mi % 12) + 1;
			snprintf(period, sizeof period, "%04d-%02d", py % 10000, pm % 100);
			for (j = np - 1; j > 0; j--) {
				uint32_t r = rnd((uint32_t)j + 1), tmp = perm[j];
				perm[j] = perm[r];
				perm[r] = tmp;
			}
		}
		if (i % 100 == 0)
			badpos = i + rnd(100);
		if (i == badpos) {
			bad = (int)rnd(NBAD);
			nbad[bad]++;
		}

		nfd = op->nfd && chance(op->nfd);
		nnfd += (unsigned long)nfd;
		p = &pairs[perm[slot]];
		tk = &tasks[p->task];
		ag = &AGENCIES[p->agency];

		/* status and percent from the pair's trajectory */
		k = (int)p->base2 - (int)p->rate2 * (int)blk;
		pct2 = k < 0 ? 0 : k;
		if (p->kind == 2)
			st = ST_CANCELLED;
		else if (pct2 == 200)
			st = ST_COMPLETED;
		else if (pct2 == 0)
			st = ST_NOT_STARTED;
		else
			st = p->kind == 1 ? ST_DELAYED : ST_IN_PROGRESS;
		if (bad == BAD_PERCENT) {
			st = ST_IN_PROGRESS;
			pct2 = 210;
		} else if (bad == BAD_COMPLETED) {
			st = ST_COMPLETED;
			pct2 = 160;
		}

		/* period, agency_code, task_id */
		out_str(&o, period);
		out_ch(&o, delim);
		out_str(&o, ag->code);
		out_ch(&o, delim);
		if (bad == BAD_TASK) {
			/* same shape, a pillar that no task has: unknown, and still unique */
			char fake[16];
			size_t n = strlen(AGENCIES[tk->lead].code);
			memcpy(fake, tk->id, sizeof fake);
			memcpy(fake + n + 1, FAKE_PILLARS[tk->pillar], 3);
			out_str(&o, fake);
		} else {
			out_str(&o, tk->id);
		}
		out_ch(&o, delim);

		/* status: English code or Vietnamese label */
		if (chance(60))
			out_str(&o, STATUS_CODE[st]);
		else if (nfd)
			out_field(&o, dec, to_nfd(STATUS_VI[st], strlen(STATUS_VI[st]), dec), delim);
		else
			out_cstr_field(&o, STATUS_VI[st], delim);
		out_ch(&o, delim);

		/* percent_complete: 45, 45.5 or "45,5" (quoted when ',' delimits) */
		if ((pct2 & 1) && chance(50)) {
			if (delim == ',')
				out_ch(&o, '"');
			out_uint(&o, (unsigned long)pct2 / 2);
			out_str(&o, delim == ',' ? ",5\"" : ",5");
		} else {
			out_uint(&o, (unsigned long)pct2 / 2);
			if (pct2 & 1)
				out_str(&o, ".5");
		}
		out_ch(&o, delim);

		/* report_date: early in the next month, ISO or DD/MM/YYYY */
		rdate = days_from_civil(pm == 12 ? py + 1 : py, pm == 12 ? 1 : (unsigned)pm + 1,
					1 + rnd(10));
		if (bad == BAD_DATE) {
			if (chance(50)) {        /* 30 February */
				out_uint(&o, (unsigned long)py);
				out_str(&o, "-02-30");
			} else {                 /* 31 April */
				out_str(&o, "31/04/");
				out_uint(&o, (unsigned long)py);
			}
		} else if (chance(60)) {
			out_iso(&o, rdate);
		} else {
			int y;
			unsigned m, d;
			civil_from_days(rdate, &y, &m, &d);
			out_pad2(&o, d);
			out_ch(&o, '/');
			out_pad2(&o, m);
			out_ch(&o, '/');
			out_uint(&o, (unsigned long)y);
		}
		out_ch(&o, delim);

		/* output_document: optional */
		if (chance(50))
			out_doc(&o, ag->code);
		out_ch(&o, delim);

		/* difficulties, proposals: optional free text */
		if (!chance(15))
			out_free_text(&o, text, dec, &pdiff, base_chars, nfd, delim);
		out_ch(&o, delim);
		if (!chance(10))
			out_free_text(&o, text, dec, &pprop, base_chars, nfd, delim);
		out_ch(&o, delim);

		/* contact_name, contact_email, contact_phone */
		{
			uint32_t s = rnd(NELEM(SURNAME)), mi = rnd(NELEM(MIDDLE)),
				 g = rnd(NELEM(GIVEN));
			char name[64];
			size_t nl = (size_t)snprintf(name, sizeof name, "%s %s %s",
						     SURNAME[s], MIDDLE[mi], GIVEN[g]);
			if (nfd)
				out_mem(&o, dec, to_nfd(name, nl, dec));
			else
				out_mem(&o, name, nl);
			out_ch(&o, delim);
			out_str(&o, GIVEN_ASCII[g]);
			out_ch(&o, '.');
			out_ch(&o, SURNAME_ASCII[s]);
			out_ch(&o, MIDDLE_ASCII[mi]);
			if (chance(30))
				out_uint(&o, rnd(100));
			out_ch(&o, bad == BAD_EMAIL ? '.' : '@');   /* no '@': invalid */
			out_str(&o, ag->mail);
			out_str(&o, ".gov.vn");
			out_ch(&o, delim);
		}
		switch (rnd(8)) {
		case 0:
			break;                                /* optional: empty */
		case 1:
		case 2:                                       /* 0243 823 4567 */
			out_str(&o, "024");
			out_uint(&o, 3 + rnd(7));
			out_ch(&o, ' ');
			out_pad3(&o, rnd(1000));
			out_ch(&o, ' ');
			out_pad2(&o, rnd(100));
			out_pad2(&o, rnd(100));
			break;
		case 3:
		case 4:                                       /* +84 24 3823 4567 */
			out_str(&o, "+84 24 3");
			out_pad3(&o, rnd(1000));
			out_ch(&o, ' ');
			out_pad2(&o, rnd(100));
			out_pad2(&o, rnd(100));
			break;
		case 5:
		case 6:                                       /* 0912.345.678 */
			out_str(&o, "09");
			out_pad2(&o, rnd(100));
			out_ch(&o, '.');
			out_pad3(&o, rnd(1000));
			out_ch(&o, '.');
			out_pad3(&o, rnd(1000));
			break;
		default:                                      /* 0987654321 */
			out_str(&o, "098");
			out_pad3(&o, rnd(1000));
			out_pad2(&o, rnd(100));
			out_pad2(&o, rnd(100));
			break;
		}
		out_str(&o, eol);
		o.lines++;

		if (bad >= 0 && op->bad_list) {
			out_uint(&bl, i + 1);
			out_ch(&bl, ',');
			out_uint(&bl, line);
			out_ch(&bl, ',');
			out_str(&bl, BAD_NAME[bad]);
			out_ch(&bl, ',');
			out_str(&bl, BAD_FIELD[bad]);
			out_ch(&bl, '\n');
		}
	}
	out_close(&o);
	if (op->bad_list)
		out_close(&bl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		unsigned long tb = 0;
		int b;
		for (b = 0; b < NBAD; b++)
			tb += nbad[b];
		fprintf(stderr, "gen: %s: %lu rows, %lu periods, %.1f MB, %.0f bytes/row, %lu bad "
			"(%lu percent, %lu completed, %lu email, %lu task, %lu date), "
			"%lu NFD rows, %.2f s, %.0f MB/s\n",
			op->out, op->rows, nblocks, (double)o.total / 1e6,
			op->rows ? (double)o.total / (double)op->rows : 0.0, tb,
			nbad[0], nbad[1], nbad[2], nbad[3], nbad[4], nnfd, s,
			s > 0 ? (double)o.total / 1e6 / s : 0.0);
	}
	free(perm);
	free(text);
	free(dec);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
	struct opts op = {1, 1000000, 10000, 1.0, NULL, NULL, NULL, 2023, 10, ',', 0, 0, 0};
	struct task *tasks;
	struct pair *pairs;
	size_t np;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--crlf")) {
			op.crlf = 1;
			continue;
		}
		if (!strcmp(a, "--bom")) {
			op.bom = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage();
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--seed"))
			op.seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--rows"))
			op.rows = parse_ul(v, "--rows");
		else if (!strcmp(a, "--tasks"))
			op.tasks = parse_ul(v, "--tasks");
		else if (!strcmp(a, "--text-scale")) {
			char *end;
			op.text_scale = strtod(v, &end);
			if (*end || !(op.text_scale > 0) || op.text_scale > 1000)
				die("bad --text-scale: %s", v);
		} else if (!strcmp(a, "--ref"))
			op.ref = v;
		else if (!strcmp(a, "--out"))
			op.out = v;
		else if (!strcmp(a, "--bad-list"))
			op.bad_list = v;
		else if (!strcmp(a, "--nfd")) {
			op.nfd = (unsigned)parse_ul(v, "--nfd");
			if (op.nfd > 100)
				die("--nfd is a percentage, 0..100");
		}
		else if (!strcmp(a, "--period")) {
			if (sscanf(v, "%4d-%2d", &op.period_y, &op.period_m) != 2 ||
			    op.period_m < 1 || op.period_m > 12 || strlen(v) != 7)
				die("bad --period: %s", v);
		} else if (!strcmp(a, "--delim")) {
			if (strcmp(v, ",") && strcmp(v, ";"))
				die("--delim must be , or ;");
			op.delim = v[0];
		} else
			usage();
	}
	if (!op.ref)
		die("--ref DIR is required (the roadmap the rows refer to)");
	if (op.tasks < 1 || op.tasks > (unsigned long)NAGENCY * NPILLAR * 999)
		die("--tasks must be 1..%d", NAGENCY * NPILLAR * 999);

	rng_state = op.seed * 0x2545F4914F6CDD1DULL + 0x1234567ULL;
	mkdir_p(op.ref);
	write_agencies(&op);
	tasks = xmalloc(op.tasks * sizeof *tasks);
	pairs = write_roadmap(&op, tasks, &np);
	if (op.out)
		write_progress(&op, tasks, pairs, np);
	free(tasks);
	free(pairs);
	return 0;
}
