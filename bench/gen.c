/*
 * gen — deterministic generator of payroll-penalty months for benchmarks.
 *
 *   gen --records N --employees M --seed S --month YYYY-MM [--files K]
 *       [--plain-headers] DIR
 *
 * Writes into DIR (created if missing; existing files are overwritten):
 *   rules.yaml        full rule table (schema 1, every key of SPEC §3)
 *   wages.csv         one row per employee, sorted by employee_id
 *   org.csv           org chart in team order; transferred agents have two rows
 *   ledger.csv        carry-in for a few percent of employees
 *   violations-K.csv  N records split over K files (default 4)
 *   args              the payroll-penalty command line, one argument per line,
 *                     paths relative to DIR
 *
 * Shape: units of 1 project manager, 8 team leads and 12 agents per lead
 * (105 employees); ~3% of agents change team on a day of the month; ~41
 * codes over general/serious/major with two rare reset codes; statuses ~97%
 * confirmed (some written empty), ~2% pending, ~1% overturned. The last
 * violations file uses the Chinese headers in another column order unless
 * --plain-headers is given.
 *
 * Output is a pure function of the arguments: own PRNG (splitmix64), no
 * clock, no rand(), no locale.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---------------------------------------------------------------- PRNG */

typedef struct { uint64_t s; } rng_t;

static uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static rng_t rng_make(uint64_t seed, uint64_t stream)
{
    rng_t r = { seed ^ (stream * 0xd1b54a32d192ed03ULL) };
    rng_next(&r);
    return r;
}

/* uniform in [0, n) */
static uint64_t rng_below(rng_t *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)rng_next(r) * n) >> 64);
}

/* ------------------------------------------------------------- output */

typedef struct {
    FILE *f;
    const char *path;
    char *buf;
    size_t len, cap;
} out_t;

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "gen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static void out_open(out_t *o, const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        die("%s", "out of memory");
    snprintf(p, n, "%s/%s", dir, name);
    o->f = fopen(p, "wb");
    if (!o->f)
        die("cannot create %s", p);
    o->path = p;
    o->cap = 1 << 20;
    o->len = 0;
    o->buf = malloc(o->cap);
    if (!o->buf)
        die("%s", "out of memory");
}

static void out_flush(out_t *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        die("write error on %s", o->path);
    o->len = 0;
}

static void out_close(out_t *o)
{
    out_flush(o);
    if (fclose(o->f) != 0)
        die("write error on %s", o->path);
    free(o->buf);
    free((void *)o->path);
}

static inline void out_room(out_t *o, size_t n)
{
    if (o->len + n > o->cap)
        out_flush(o);
}

static inline void out_mem(out_t *o, const char *s, size_t n)
{
    if (n > o->cap) {
        out_flush(o);
        if (fwrite(s, 1, n, o->f) != n)
            die("write error on %s", o->path);
        return;
    }
    out_room(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void out_str(out_t *o, const char *s) { out_mem(o, s, strlen(s)); }

static inline void out_ch(out_t *o, char c)
{
    out_room(o, 1);
    o->buf[o->len++] = c;
}

/* unsigned decimal, zero-padded to at least width digits */
static inline void out_uint(out_t *o, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        tmp[n++] = '0';
    out_room(o, (size_t)n);
    while (n)
        o->buf[o->len++] = tmp[--n];
}

/* fen as yuan with exactly two decimals */
static inline void out_money(out_t *o, int64_t fen)
{
    out_uint(o, (uint64_t)(fen / 100), 1);
    out_ch(o, '.');
    out_uint(o, (uint64_t)(fen % 100), 2);
}

/* ------------------------------------------------------------ calendar */

static int g_year, g_mon, g_days;
static int g_id_width;          /* digits of employee numbers */
static char g_ym_compact[16];   /* "202610" */

static int days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static void out_date(out_t *o, int y, int m, int d)
{
    out_uint(o, (uint64_t)y, 4);
    out_ch(o, '-');
    out_uint(o, (uint64_t)m, 2);
    out_ch(o, '-');
    out_uint(o, (uint64_t)d, 2);
}

static void out_month_ym(out_t *o, int y, int m)
{
    out_uint(o, (uint64_t)y, 4);
    out_ch(o, '-');
    out_uint(o, (uint64_t)m, 2);
}

/* ------------------------------------------------------------ the org */

enum { AGENT = 0, LEAD = 1, PM = 2 };

static uint32_t M;              /* employees */
static uint8_t *role;
static uint32_t *lead_of;       /* agent: team lead; lead: itself */
static uint32_t *pm_of;         /* agent/lead: project manager */
static uint32_t *num_of;        /* employee index -> employee number (1..M) */
static uint32_t *idx_of_num;    /* employee number - 1 -> index */
static uint8_t *region_of;
static uint8_t *xfer_day;       /* agents: 0 none, else first day in new team */
static uint32_t *xfer_lead;     /* new team lead when transferred */
static uint32_t *by_role[3];
static uint32_t n_role[3];

static void out_emp(out_t *o, uint32_t idx)
{
    out_ch(o, 'E');
    out_uint(o, num_of[idx], g_id_width);
}

static void build_org(uint64_t seed)
{
    role = calloc(M, 1);
    lead_of = calloc(M, sizeof *lead_of);
    pm_of = calloc(M, sizeof *pm_of);
    num_of = calloc(M, sizeof *num_of);
    idx_of_num = calloc(M, sizeof *idx_of_num);
    region_of = calloc(M, 1);
    xfer_day = calloc(M, 1);
    xfer_lead = calloc(M, sizeof *xfer_lead);
    if (!role || !lead_of || !pm_of || !num_of || !idx_of_num || !region_of ||
        !xfer_day || !xfer_lead)
        die("%s", "out of memory");

    rng_t r = rng_make(seed, 1);
    uint32_t i = 0;
    while (i < M) {
        uint32_t pm = i++;
        role[pm] = PM;
        pm_of[pm] = pm;
        lead_of[pm] = pm;
        /* region per project: shanghai 50%, beijing 30%, zhejiang 20% */
        uint64_t x = rng_below(&r, 10);
        uint8_t reg = x < 5 ? 0 : x < 8 ? 1 : 2;
        region_of[pm] = reg;
        for (int t = 0; t < 8 && i < M; t++) {
            uint32_t tl = i++;
            role[tl] = LEAD;
            lead_of[tl] = tl;
            pm_of[tl] = pm;
            region_of[tl] = reg;
            for (int a = 0; a < 12 && i < M; a++) {
                uint32_t ag = i++;
                role[ag] = AGENT;
                lead_of[ag] = tl;
                pm_of[ag] = pm;
                region_of[ag] = reg;
            }
        }
    }

    /* employee numbers: a random permutation, so teams are not contiguous */
    for (uint32_t k = 0; k < M; k++)
        idx_of_num[k] = k;
    for (uint32_t k = M; k > 1; k--) {
        uint32_t j = (uint32_t)rng_below(&r, k);
        uint32_t t = idx_of_num[k - 1];
        idx_of_num[k - 1] = idx_of_num[j];
        idx_of_num[j] = t;
    }
    for (uint32_t k = 0; k < M; k++)
        num_of[idx_of_num[k]] = k + 1;

    for (int ro = 0; ro < 3; ro++) {
        by_role[ro] = malloc((size_t)(M ? M : 1) * sizeof(uint32_t));
        if (!by_role[ro])
            die("%s", "out of memory");
        n_role[ro] = 0;
    }
    for (uint32_t k = 0; k < M; k++)
        by_role[role[k]][n_role[role[k]]++] = k;
    /* shuffle each role list: the heavy offenders are spread over teams */
    for (int ro = 0; ro < 3; ro++) {
        uint32_t *a = by_role[ro];
        for (uint32_t k = n_role[ro]; k > 1; k--) {
            uint32_t j = (uint32_t)rng_below(&r, k);
            uint32_t t = a[k - 1];
            a[k - 1] = a[j];
            a[j] = t;
        }
    }

    /* transfers: ~3% of agents move to another team on day 2..days */
    if (n_role[LEAD] >= 2 && g_days >= 2) {
        for (uint32_t k = 0; k < M; k++) {
            if (role[k] != AGENT || rng_below(&r, 1000) >= 30)
                continue;
            uint32_t nl;
            do
                nl = by_role[LEAD][rng_below(&r, n_role[LEAD])];
            while (nl == lead_of[k]);
            xfer_day[k] = (uint8_t)(2 + rng_below(&r, (uint64_t)g_days - 1));
            xfer_lead[k] = nl;
        }
    }
}

/* ---------------------------------------------------------- rule table */

enum { GENERAL, SERIOUS, MAJOR };
static const char *const cat_name[] = { "general", "serious", "major" };

typedef struct {
    const char *code, *name;
    int cat;
    const char *points;         /* NULL: reset */
    unsigned weight;            /* relative frequency */
} code_t;

static const code_t codes[] = {
    { "A01", "未核对客户信息", GENERAL, "5", 9000 },
    { "A02", "未按规范开场白", GENERAL, "2", 8000 },
    { "A03", "未按规范结束语", GENERAL, "2", 8000 },
    { "A04", "服务用语不规范", GENERAL, "3", 7000 },
    { "A05", "语速过快", GENERAL, "2", 4000 },
    { "A06", "未及时记录工单", GENERAL, "5", 6000 },
    { "A07", "工单记录不完整", GENERAL, "5", 6000 },
    { "A08", "未主动告知业务规则", GENERAL, "7.5", 4000 },
    { "A09", "静音超时", GENERAL, "3", 5000 },
    { "A10", "等待未致歉", GENERAL, "2", 4000 },
    { "A11", "重复询问客户", GENERAL, "3", 3000 },
    { "A12", "业务解释不清", GENERAL, "7.5", 3000 },
    { "A13", "未做满意度邀请", GENERAL, "2", 5000 },
    { "A14", "通话中抢话", GENERAL, "3", 2500 },
    { "A15", "未按流程转接", GENERAL, "5", 3000 },
    { "A16", "系统操作不规范", GENERAL, "5", 2500 },
    { "A17", "考勤迟到", GENERAL, "2", 3000 },
    { "A18", "考勤早退", GENERAL, "2", 1500 },
    { "A19", "着装不规范", GENERAL, "2.5", 1000 },
    { "A20", "小结填写错误", GENERAL, "10", 1500 },
    { "B01", "服务态度恶劣", SERIOUS, "15", 700 },
    { "B02", "推诿客户", SERIOUS, "10", 900 },
    { "B03", "错误告知业务规则", SERIOUS, "12.5", 800 },
    { "B04", "擅自承诺", SERIOUS, "15", 500 },
    { "B05", "未按规定回访", SERIOUS, "10", 700 },
    { "B06", "工单错误导致投诉", SERIOUS, "20", 400 },
    { "B07", "挂断客户电话", SERIOUS, "20", 300 },
    { "B08", "与客户争吵", SERIOUS, "20", 200 },
    { "B09", "虚假记录", SERIOUS, "15", 200 },
    { "B10", "违规外呼", SERIOUS, "10", 300 },
    { "C01", "泄露客户隐私", MAJOR, "50", 30 },
    { "C02", "辱骂客户", MAJOR, "50", 20 },
    { "C03", "私自办理业务", MAJOR, "30", 40 },
    { "C04", "套取客户信息", MAJOR, "40", 20 },
    { "C05", "造成重大投诉", MAJOR, "30", 40 },
    { "D-VERBAL", "口头批评", GENERAL, "10", 300 },
    { "D-NOTICE", "通报批评", GENERAL, "20", 100 },
    { "D-WARN", "警告", SERIOUS, "40", 50 },
    { "D-DEMERIT", "记过", SERIOUS, "60", 20 },
    { "D-MAJOR-DEMERIT", "记大过", MAJOR, "80", 8 },
    { "D-PROBATION", "留司查看", MAJOR, NULL, 3 },
    { "D-DISMISS", "辞退", MAJOR, NULL, 1 },
};
#define NCODES (sizeof codes / sizeof codes[0])
static uint64_t code_cum[NCODES];

static const code_t *pick_code(rng_t *r)
{
    uint64_t x = rng_below(r, code_cum[NCODES - 1]);
    size_t lo = 0, hi = NCODES - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x < code_cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return &codes[lo];
}

static void write_rules(const char *dir)
{
    out_t o;
    out_open(&o, dir, "rules.yaml");
    out_str(&o,
        "# Generated by bench/gen: a full rule table for benchmarks.\n"
        "schema: 1\n"
        "name: 电销中心客服专员及管理人员品质管理办法\n"
        "effective_from: 2013-01\n"
        "yuan_per_point: 5\n"
        "quality_score_base: 100\n"
        "caps:\n"
        "  wage_ratio: 0.20\n"
        "  liability_ratio: 0.20\n"
        "policy:\n"
        "  own_over_cap: carry\n"
        "  liability_over_cap: waive\n"
        "  pending_appeal: hold\n"
        "liability:\n"
        "  general: {direct: 0.60, indirect: 0.30}\n"
        "  serious: {direct: 0.80, indirect: 0.40}\n"
        "  major:   {direct: 1.00, indirect: 0.50}\n"
        "minimum_wage:\n"
        "  - {region: shanghai, amount: 1620.00, effective_from: 2013-01-01}\n"
        "  - {region: shanghai, amount: 2690.00, effective_from: 2023-07-01}\n"
        "  - {region: shanghai, amount: 2740.00, effective_from: 2025-07-01}\n"
        "  - {region: beijing, amount: 1400.00, effective_from: 2013-01-01}\n"
        "  - {region: beijing, amount: 2420.00, effective_from: 2023-09-01}\n"
        "  - {region: beijing, amount: 2540.00, effective_from: 2025-09-01}\n"
        "  - {region: zhejiang, amount: 1470.00, effective_from: 2013-01-01}\n"
        "  - {region: zhejiang, amount: 2490.00, effective_from: 2024-03-01}\n"
        "  - {region: zhejiang, amount: 2660.00, effective_from: 2025-12-01}\n"
        "codes:\n");
    for (size_t i = 0; i < NCODES; i++) {
        out_str(&o, "  - {code: ");
        out_str(&o, codes[i].code);
        out_str(&o, ", name: ");
        out_str(&o, codes[i].name);
        out_str(&o, ", category: ");
        out_str(&o, cat_name[codes[i].cat]);
        if (codes[i].points) {
            out_str(&o, ", points: ");
            out_str(&o, codes[i].points);
        } else {
            out_str(&o, ", reset: true");
        }
        out_str(&o, "}\n");
    }
    out_close(&o);
}

/* --------------------------------------------------------------- wages */

static const char *const regions[] = { "shanghai", "beijing", "zhejiang" };

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳", "司马",
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
    "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
    "玉", "兰", "文", "辉", "鹏", "婷", "雪", "琳", "晨", "宇", "浩", "欣",
    "佳", "怡", "子", "涵",
};
static const char *const latin[] = {
    "Smith, John", "Nguyen, Anh", "Kim, Min-jun", "Tanaka, Yui",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void write_name(out_t *o, rng_t *r)
{
    uint64_t x = rng_below(r, 10000);
    if (x < 10) {               /* 0.1%: a latin name with a comma: quoted */
        out_ch(o, '"');
        out_str(o, latin[x % NELEM(latin)]);
        out_ch(o, '"');
        return;
    }
    if (x < 11) {               /* 0.01%: a nickname in doubled quotes */
        out_str(o, "\"李 \"\"Tony\"\" 伟\"");
        return;
    }
    out_str(o, surnames[rng_below(r, NELEM(surnames))]);
    out_str(o, given[rng_below(r, NELEM(given))]);
    if (rng_below(r, 3))
        out_str(o, given[rng_below(r, NELEM(given))]);
}

static void write_wages(const char *dir, uint64_t seed)
{
    rng_t r = rng_make(seed, 2);
    out_t o;
    out_open(&o, dir, "wages.csv");
    out_str(&o, "employee_id,name,region,gross_wage,management_allowance,floor_basis\n");
    for (uint32_t n = 0; n < M; n++) {
        uint32_t i = idx_of_num[n];
        int64_t base = 400000 + (int64_t)rng_below(&r, 800001);  /* 4000-12000 */
        int64_t allow = 0;
        if (role[i] == LEAD)
            allow = 100000 + 100 * (int64_t)rng_below(&r, 2001);   /* 1000-3000 */
        else if (role[i] == PM)
            allow = 300000 + 100 * (int64_t)rng_below(&r, 3001);   /* 3000-6000 */
        int64_t gross = base + allow;
        out_emp(&o, i);
        out_ch(&o, ',');
        write_name(&o, &r);
        out_ch(&o, ',');
        out_str(&o, regions[region_of[i]]);
        out_ch(&o, ',');
        out_money(&o, gross);
        out_ch(&o, ',');
        if (allow)
            out_money(&o, allow);
        out_ch(&o, ',');
        if (rng_below(&r, 10) == 0) /* 10%: floor basis below gross */
            out_money(&o, gross - (int64_t)rng_below(&r, 150001));
        out_ch(&o, '\n');
    }
    out_close(&o);
}

/* ----------------------------------------------------------------- org */

static void write_org(const char *dir, uint64_t seed)
{
    rng_t r = rng_make(seed, 3);
    out_t o;
    out_open(&o, dir, "org.csv");
    out_str(&o, "employee_id,direct_supervisor_id,indirect_supervisor_id,effective_from,effective_to\n");
    for (uint32_t i = 0; i < M; i++) {
        /* 20% of rows name a start date in an earlier month */
        int hired = rng_below(&r, 5) == 0;
        int hy = g_year - 1 - (int)rng_below(&r, 5);
        int hm = 1 + (int)rng_below(&r, 12);
        int hd = 1 + (int)rng_below(&r, 28);
        out_emp(&o, i);
        out_ch(&o, ',');
        if (role[i] == AGENT) {
            out_emp(&o, lead_of[i]);
            out_ch(&o, ',');
            out_emp(&o, pm_of[i]);
        } else if (role[i] == LEAD) {
            out_emp(&o, pm_of[i]);
            out_ch(&o, ',');
        } else {
            out_ch(&o, ',');
        }
        out_ch(&o, ',');
        if (hired)
            out_date(&o, hy, hm, hd);
        out_ch(&o, ',');
        if (xfer_day[i]) {
            uint32_t nl = xfer_lead[i];
            out_date(&o, g_year, g_mon, xfer_day[i] - 1);
            out_ch(&o, '\n');
            out_emp(&o, i);
            out_ch(&o, ',');
            out_emp(&o, nl);
            out_ch(&o, ',');
            out_emp(&o, pm_of[nl]);
            out_ch(&o, ',');
            out_date(&o, g_year, g_mon, xfer_day[i]);
            out_ch(&o, ',');
        }
        out_ch(&o, '\n');
    }
    out_close(&o);
}

/* -------------------------------------------------------------- ledger */

static void write_ledger(const char *dir, uint64_t seed)
{
    rng_t r = rng_make(seed, 4);
    out_t o;
    out_open(&o, dir, "ledger.csv");
    out_str(&o, "employee_id,origin_month,kind,amount\n");
    for (uint32_t n = 0; n < M; n++) {
        uint32_t i = idx_of_num[n];
        if (rng_below(&r, 100) >= 3)
            continue;
        /* pick up to 3 distinct (months back 1..6, kind) slots, in order */
        int nitems = 1 + (int)rng_below(&r, 3);
        int can_liab = role[i] != AGENT;
        uint32_t used = 0;     /* bit (back-1)*2 + kind */
        for (int k = 0; k < nitems; k++) {
            int back = 1 + (int)rng_below(&r, 6);
            int kind = can_liab ? (int)rng_below(&r, 2) : 0;
            used |= 1u << ((back - 1) * 2 + kind);
        }
        /* oldest origin month first, own before liability */
        for (int back = 6; back >= 1; back--) {
            for (int kind = 0; kind < 2; kind++) {
                if (!(used & (1u << ((back - 1) * 2 + kind))))
                    continue;
                int y = g_year, m = g_mon - back;
                while (m < 1) {
                    m += 12;
                    y--;
                }
                out_emp(&o, i);
                out_ch(&o, ',');
                out_month_ym(&o, y, m);
                out_str(&o, kind ? ",liability," : ",own,");
                out_money(&o, 1 + (int64_t)rng_below(&r, 60000));
                out_ch(&o, '\n');
            }
        }
    }
    out_close(&o);
}

/* ---------------------------------------------------------- violations */

static uint32_t pick_violator(rng_t *r)
{
    /* agents 92%, team leads 6%, project managers 2% (if there are any) */
    uint64_t x = rng_below(r, 100);
    int ro = x < 92 ? AGENT : x < 98 ? LEAD : PM;
    while (n_role[ro] == 0)
        ro = (ro + 1) % 3;
    /* skewed, integer-only: 5% of records go to a pool of 0.5% heavy
     * offenders (~10x the mean); the rest is the minimum of three uniform
     * ranks (density 3(1-x)^2: the low ranks ~3x the mean, the high ones
     * rarely). The role lists are shuffled, so ranks are spread over teams. */
    uint32_t n = n_role[ro], k;
    if (rng_below(r, 100) < 5) {
        k = (uint32_t)rng_below(r, n / 200 ? n / 200 : 1);
    } else {
        k = (uint32_t)rng_below(r, n);
        for (int t = 0; t < 2; t++) {
            uint32_t k2 = (uint32_t)rng_below(r, n);
            if (k2 < k)
                k = k2;
        }
    }
    return by_role[ro][k];
}

enum { C_ID, C_EMP, C_DATE, C_CODE, C_SOURCE, C_CASE, C_STATUS, NCOLS };
static const char *const hdr_en[NCOLS] = {
    "record_id", "employee_id", "date", "code", "source", "case_id", "status",
};
static const char *const hdr_zh[NCOLS] = {
    "记录编号", "工号", "日期", "违规代码", "来源", "案件编号", "状态",
};
/* column order of the Chinese-header file */
static const int order_zh[NCOLS] = {
    C_DATE, C_EMP, C_ID, C_CODE, C_STATUS, C_SOURCE, C_CASE,
};
static const int order_en[NCOLS] = {
    C_ID, C_EMP, C_DATE, C_CODE, C_SOURCE, C_CASE, C_STATUS,
};

static void write_violations(const char *dir, uint64_t seed, uint64_t N,
                             int nfiles, int plain)
{
    rng_t r = rng_make(seed, 5);
    int rec_width = 8;
    for (uint64_t t = 100000000; t <= N; t *= 10)
        rec_width++;
    uint64_t next_case = 1;
    uint32_t prev_emp = 0;
    int prev_day = 0;
    uint64_t prev_case = 0;
    int have_prev = 0;
    uint64_t rec = 0;

    for (int f = 0; f < nfiles; f++) {
        char name[64];
        snprintf(name, sizeof name, "violations-%d.csv", f + 1);
        out_t o;
        out_open(&o, dir, name);
        int zh = !plain && nfiles > 1 && f == nfiles - 1;
        const int *order = zh ? order_zh : order_en;
        const char *const *hdr = zh ? hdr_zh : hdr_en;
        for (int c = 0; c < NCOLS; c++) {
            if (c)
                out_ch(&o, ',');
            out_str(&o, hdr[order[c]]);
        }
        out_ch(&o, '\n');

        uint64_t end = (uint64_t)(((unsigned __int128)N * (unsigned)(f + 1)) / (unsigned)nfiles);
        for (; rec < end; rec++) {
            uint32_t emp;
            int day;
            uint64_t cas;
            int complaint;
            if (have_prev && rng_below(&r, 100) < 4) {
                /* R10: a complaint about the case QA just returned */
                emp = prev_emp;
                day = prev_day + (int)rng_below(&r, (uint64_t)(g_days - prev_day + 1));
                cas = prev_case;
                complaint = 1;
            } else {
                emp = pick_violator(&r);
                day = 1 + (int)rng_below(&r, (uint64_t)g_days);
                cas = next_case++;
                complaint = rng_below(&r, 100) < 12;
            }
            const code_t *code = pick_code(&r);
            uint64_t st = rng_below(&r, 1000);
            const char *status = st < 20 ? "pending" : st < 30 ? "overturned"
                               : st < 80 ? "" : "confirmed";

            for (int c = 0; c < NCOLS; c++) {
                if (c)
                    out_ch(&o, ',');
                switch (order[c]) {
                case C_ID:
                    out_ch(&o, 'V');
                    out_str(&o, g_ym_compact);
                    out_ch(&o, '-');
                    out_uint(&o, rec + 1, rec_width);
                    break;
                case C_EMP:
                    out_emp(&o, emp);
                    break;
                case C_DATE:
                    out_date(&o, g_year, g_mon, day);
                    break;
                case C_CODE:
                    out_str(&o, code->code);
                    break;
                case C_SOURCE:
                    out_str(&o, complaint ? "complaint" : "qa");
                    break;
                case C_CASE:
                    out_str(&o, "CS");
                    out_str(&o, g_ym_compact);
                    out_uint(&o, cas, 8);
                    break;
                case C_STATUS:
                    out_str(&o, status);
                    break;
                }
            }
            out_ch(&o, '\n');
            prev_emp = emp;
            prev_day = day;
            prev_case = cas;
            have_prev = 1;
        }
        out_close(&o);
    }
}

/* ---------------------------------------------------------------- args */

static void write_args(const char *dir, const char *month, int nfiles)
{
    out_t o;
    out_open(&o, dir, "args");
    out_str(&o, "run\n--month\n");
    out_str(&o, month);
    out_str(&o, "\n--rules\nrules.yaml\n--wages\nwages.csv\n--org\norg.csv\n"
                "--carry-in\nledger.csv\n--out\nout\n");
    for (int f = 0; f < nfiles; f++) {
        char name[64];
        snprintf(name, sizeof name, "violations-%d.csv\n", f + 1);
        out_str(&o, name);
    }
    out_close(&o);
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr,
        "usage: gen --records N --employees M --seed S --month YYYY-MM\n"
        "           [--files K] [--plain-headers] DIR\n");
    exit(64);
}

static uint64_t parse_u64(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-')
        usage();
    return v;
}

int main(int argc, char **argv)
{
    uint64_t N = 0, seed = 0;
    int have_n = 0, have_m = 0, have_seed = 0, nfiles = 4, plain = 0;
    const char *month = NULL, *dir = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--records") && i + 1 < argc) {
            N = parse_u64(argv[++i]);
            have_n = 1;
        } else if (!strcmp(a, "--employees") && i + 1 < argc) {
            uint64_t m = parse_u64(argv[++i]);
            if (m < 1 || m > 99999999)
                usage();
            M = (uint32_t)m;
            have_m = 1;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            seed = parse_u64(argv[++i]);
            have_seed = 1;
        } else if (!strcmp(a, "--month") && i + 1 < argc) {
            month = argv[++i];
        } else if (!strcmp(a, "--files") && i + 1 < argc) {
            uint64_t k = parse_u64(argv[++i]);
            if (k < 1 || k > 1000)
                usage();
            nfiles = (int)k;
        } else if (!strcmp(a, "--plain-headers")) {
            plain = 1;
        } else if (a[0] == '-' || dir) {
            usage();
        } else {
            dir = a;
        }
    }
    if (!have_n || !have_m || !have_seed || !month || !dir)
        usage();
    if (strlen(month) != 7 || month[4] != '-' ||
        strspn(month, "0123456789") != 4 || strspn(month + 5, "0123456789") != 2 ||
        sscanf(month, "%4d-%2d", &g_year, &g_mon) != 2 || g_year < 1000 ||
        g_mon < 1 || g_mon > 12)
        die("bad --month %s (want YYYY-MM)", month);
    g_days = days_in_month(g_year, g_mon);
    snprintf(g_ym_compact, sizeof g_ym_compact, "%04d%02d", g_year, g_mon);
    g_id_width = 7;
    for (uint64_t t = 10000000; t <= M; t *= 10)
        g_id_width++;

    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die("cannot create %s", dir);

    uint64_t cum = 0;
    for (size_t i = 0; i < NCODES; i++)
        code_cum[i] = (cum += codes[i].weight);

    build_org(seed);
    write_rules(dir);
    write_wages(dir, seed);
    write_org(dir, seed);
    write_ledger(dir, seed);
    write_violations(dir, seed, N, nfiles, plain);
    write_args(dir, month, nfiles);
    return 0;
}
