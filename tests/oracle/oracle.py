#!/usr/bin/env python3
"""Independent reference implementation ("oracle") of payroll-penalty's `run`.

Written from /work/shared/SPEC.md only (never from the C sources), as a second
opinion for differential tests and as readable documentation of the
computation for auditors.  Python 3 standard library only.

    python3 oracle.py run --month YYYY-MM --rules RULES.yaml --wages WAGES.csv \
        [--org ORG.csv] (--carry-in LEDGER.csv | --no-carry-in) --out DIR \
        [--force] [--bom] [--encoding auto|utf-8|gb18030] VIOLATIONS.csv...

Scope: VALID inputs only.  Invalid input makes the oracle stop on an
`assert` (or a Python exception); it does not produce the program's error
reports or exit statuses.  It writes payroll.csv, detail.csv, liability.csv
and carryover.csv (not manifest.yaml) into DIR, creating DIR if needed.

Numbers: no float anywhere.  Every quantity is a Python int in a fixed unit:
    money        fen           (0.01 yuan)
    points       centipoints   (0.01 point)      -- rule table, shown points
    ratios       1/10000       (0.0001)
    liability    micropoints   (centipoints x ratio units = 1e-6 point)
The rule table is YAML; since Python's standard library has none, a small
parser for the block/flow subset used by rule tables is included below
(block mappings and sequences, one-line flow mappings/sequences, quoted and
plain scalars, comments).  Scalars stay strings and are converted here.
"""

import argparse
import csv
import io
import os
import re
import sys
from collections import defaultdict
from datetime import date, timedelta

# --------------------------------------------------------------------------
# Fixed-point helpers
# --------------------------------------------------------------------------

CENTI = 100          # centipoints per point, fen per yuan
RATIO = 10000        # ratio units per 1.0
MICRO = CENTI * RATIO  # micropoints per point


def parse_fixed(text, places, what):
    """'4500.5' -> 450050 for places=2.  Unsigned, at most `places` decimals."""
    s = text.strip(' \t')
    assert re.fullmatch(r'[0-9]+(\.[0-9]{1,%d})?' % places, s), \
        'bad %s: %r' % (what, text)
    whole, _, frac = s.partition('.')
    return int(whole) * 10 ** places + int(frac.ljust(places, '0'))


def round_half_up(num, den):
    """num/den rounded half-up to an integer (num, den >= 0)."""
    assert num >= 0 and den > 0
    return (2 * num + den) // (2 * den)


def fmt_amount(fen):
    """Money: yuan with exactly 2 decimals (§5)."""
    assert fen >= 0, fen
    return '%d.%02d' % (fen // 100, fen % 100)


def fmt_trimmed(value, places):
    """Points/ratios: exact decimal without trailing zeros (§5): 7.5, 12, 0.003."""
    assert value >= 0, value
    whole, frac = divmod(value, 10 ** places)
    frac_s = ('%0*d' % (places, frac)).rstrip('0')
    return str(whole) + ('.' + frac_s if frac_s else '')


def parse_date(text):
    """YYYY-MM-DD, or YYYY/M/D (§3)."""
    s = text.strip(' \t')
    m = re.fullmatch(r'([0-9]{4})-([0-9]{2})-([0-9]{2})', s) or \
        re.fullmatch(r'([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})', s)
    assert m, 'bad date: %r' % text
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_month(text):
    """YYYY-MM -> (first day, last day)."""
    m = re.fullmatch(r'([0-9]{4})-([0-9]{2})', text.strip(' \t'))
    assert m, 'bad month: %r' % text
    first = date(int(m.group(1)), int(m.group(2)), 1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def trim(s):
    """§8: ASCII spaces and tabs around IDs, codes, ... are removed."""
    return s.strip(' \t')


# --------------------------------------------------------------------------
# Minimal YAML (subset) parser
# --------------------------------------------------------------------------

def _strip_comment(line):
    """Remove a '#' comment that starts the line or follows whitespace,
    outside quotes."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in '"\'' and (i == 0 or line[i - 1] in ' \t{[,:'):
            quote = c
        elif c == '#' and (i == 0 or line[i - 1] in ' \t'):
            return line[:i]
    return line


def _split_key(text):
    """'key: value' -> (key, value); 'key:' -> (key, ''); else None."""
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in '"\'' and i == 0:
            quote = c
        elif c == ':' and (i + 1 == len(text) or text[i + 1] in ' \t'):
            return _unquote(text[:i].strip()), text[i + 1:].strip()
    return None


def _unquote(s):
    if len(s) >= 2 and s[0] == s[-1] == '"':
        body = s[1:-1]
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), body)
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    return s


class _Flow:
    """Parser of a one-line flow node: {a: 1, b: {c: 2}}, [x, y], scalars."""

    def __init__(self, text):
        self.s, self.i = text, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in ' \t':
            self.i += 1

    def node(self, in_flow):
        self.ws()
        c = self.s[self.i] if self.i < len(self.s) else ''
        if c == '{':
            self.i += 1
            out = {}
            self.ws()
            if self.s[self.i] == '}':
                self.i += 1
                return out
            while True:
                key = self.scalar(True, key=True)
                self.ws()
                assert self.s[self.i] == ':', 'flow map needs ":" in %r' % self.s
                self.i += 1
                val = self.node(True)
                assert key not in out, 'duplicate key %r' % key
                out[key] = val
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == '}':
                    return out
                assert c == ',', 'bad flow map %r' % self.s
        if c == '[':
            self.i += 1
            out = []
            self.ws()
            if self.s[self.i] == ']':
                self.i += 1
                return out
            while True:
                out.append(self.node(True))
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == ']':
                    return out
                assert c == ',', 'bad flow sequence %r' % self.s
        return self.scalar(in_flow)

    def scalar(self, in_flow, key=False):
        self.ws()
        c = self.s[self.i] if self.i < len(self.s) else ''
        if c in '"\'':
            j = self.i + 1
            while True:
                if self.s[j] == '\\' and c == '"':
                    j += 2
                    continue
                if self.s[j] == c:
                    if c == "'" and j + 1 < len(self.s) and self.s[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out = _unquote(self.s[self.i:j + 1])
            self.i = j + 1
            return out
        j = self.i
        while j < len(self.s):
            ch = self.s[j]
            if in_flow and ch in ',}]':
                break
            if ch == ':' and (j + 1 == len(self.s) or self.s[j + 1] in ' \t') and (key or in_flow):
                break
            j += 1
        out = self.s[self.i:j].strip()
        self.i = j
        return out


def _inline(text):
    f = _Flow(text)
    v = f.node(False)
    f.ws()
    assert f.i == len(text), 'trailing text in %r' % text
    return v


def parse_yaml(text):
    """Parse the YAML subset; returns nested dict/list/str."""
    lines = []
    for raw in text.split('\n'):
        line = _strip_comment(raw.rstrip('\r')).rstrip()
        if line.strip() == '' or line.strip() in ('---', '...'):
            continue
        assert '\t' not in line[:len(line) - len(line.lstrip())], 'tab indent'
        lines.append([len(line) - len(line.lstrip(' ')), line.strip()])
    if not lines:
        return {}

    def is_item(t):
        return t == '-' or t.startswith('- ')

    def block(i, indent):
        return seq(i, indent) if is_item(lines[i][1]) else mapping(i, indent)

    def mapping(i, indent):
        out = {}
        while i < len(lines) and lines[i][0] == indent and not is_item(lines[i][1]):
            kv = _split_key(lines[i][1])
            assert kv, 'expected "key: value": %r' % lines[i][1]
            key, rest = kv
            i += 1
            if rest:
                val = _inline(rest)
            elif i < len(lines) and (lines[i][0] > indent or
                                     (lines[i][0] == indent and is_item(lines[i][1]))):
                val, i = block(i, lines[i][0])
            else:
                val = ''   # null
            assert key not in out, 'duplicate key %r' % key
            out[key] = val
        assert i == len(lines) or lines[i][0] < indent, 'bad indentation at %r' % lines[i][1]
        return out, i

    def seq(i, indent):
        out = []
        while i < len(lines) and lines[i][0] == indent and is_item(lines[i][1]):
            content = lines[i][1][1:].lstrip(' ')
            col = indent + len(lines[i][1]) - len(content)
            if content == '':
                val, i = block(i + 1, lines[i + 1][0])
            elif content[0] not in '{["\'' and _split_key(content):
                lines[i] = [col, content]     # "- key: v" opens a block mapping
                val, i = mapping(i, col)
            else:
                val = _inline(content)
                i += 1
            out.append(val)
        # a sequence may sit at its key's indentation ("key:\n- item"), so the
        # next key can be at the same indentation
        assert i == len(lines) or lines[i][0] < indent or \
            (lines[i][0] == indent and not is_item(lines[i][1])), 'bad indentation at %r' % lines[i][1]
        return out, i

    tree, i = block(0, lines[0][0])
    assert i == len(lines)
    return tree


# --------------------------------------------------------------------------
# Inputs (§3)
# --------------------------------------------------------------------------

CATEGORIES = ('general', 'serious', 'major')
LEVELS = ('direct', 'indirect')
KINDS = ('own', 'liability')


class Rules:
    pass


def load_rules(path, month_first):
    with open(path, encoding='utf-8-sig') as f:
        tree = parse_yaml(f.read())
    top = {'schema', 'name', 'effective_from', 'yuan_per_point', 'quality_score_base',
           'caps', 'policy', 'liability', 'minimum_wage', 'codes'}
    assert set(tree) <= top and set(tree) >= top - {'policy'}, 'rule table keys'
    r = Rules()
    r.ypp_fen = parse_fixed(tree['yuan_per_point'], 2, 'yuan_per_point')
    r.base_cp = parse_fixed(tree['quality_score_base'], 2, 'quality_score_base')
    eff = re.fullmatch(r'([0-9]{4})-([0-9]{2})', tree['effective_from'])
    assert eff and (int(eff.group(1)), int(eff.group(2))) <= (month_first.year, month_first.month), \
        '--month before the rules effective_from'

    def ratio(v):
        x = parse_fixed(v, 4, 'ratio')
        assert x <= RATIO, 'ratio above 1'
        return x

    caps = tree['caps']
    assert set(caps) == {'wage_ratio', 'liability_ratio'}
    r.wage_ratio = ratio(caps['wage_ratio'])
    r.liability_ratio = ratio(caps['liability_ratio'])

    policy = tree.get('policy') or {}
    assert set(policy) <= {'own_over_cap', 'liability_over_cap', 'pending_appeal'}
    r.own_over_cap = policy.get('own_over_cap', 'carry')                # §8 defaults
    r.liability_over_cap = policy.get('liability_over_cap', 'waive')
    r.pending_appeal = policy.get('pending_appeal', 'hold')
    assert r.own_over_cap in ('carry', 'waive')
    assert r.liability_over_cap in ('carry', 'waive')
    assert r.pending_appeal in ('hold', 'deduct')

    assert set(tree['liability']) == set(CATEGORIES)
    r.liability = {}
    for cat in CATEGORIES:
        assert set(tree['liability'][cat]) == set(LEVELS)
        r.liability[cat] = {lvl: ratio(tree['liability'][cat][lvl]) for lvl in LEVELS}

    r.minimum_wage = defaultdict(list)      # region -> [(effective_from, fen)]
    for e in tree['minimum_wage']:
        assert set(e) == {'region', 'amount', 'effective_from'}
        r.minimum_wage[trim(e['region'])].append(
            (parse_date(e['effective_from']), parse_fixed(e['amount'], 2, 'amount')))

    r.codes = {}
    for c in tree['codes']:
        assert set(c) in ({'code', 'name', 'category', 'points'},
                          {'code', 'name', 'category', 'reset'}), c
        code = trim(c['code'])
        assert code not in r.codes, 'duplicate code %s' % code
        assert c['category'] in CATEGORIES
        if 'reset' in c:
            assert c['reset'] == 'true'
            r.codes[code] = (c['category'], None)          # None: a reset code
        else:
            r.codes[code] = (c['category'], parse_fixed(c['points'], 2, 'points'))
    r.any_liability = any(v > 0 for cat in r.liability.values() for v in cat.values())
    return r


def minimum_wage(rules, region, month_first):
    """§3: the entry with the latest effective_from on or before the 1st."""
    entries = [e for e in rules.minimum_wage.get(region, []) if e[0] <= month_first]
    assert entries, 'no minimum wage in force for region %r' % region
    return max(entries)[1]


# CSV ---------------------------------------------------------------------

ALIASES = {
    'record_id': '记录编号', 'employee_id': '工号', 'date': '日期', 'code': '违规代码',
    'source': '来源', 'case_id': '案件编号', 'status': '状态',
    'name': '姓名', 'region': '地区', 'gross_wage': '应发工资',
    'management_allowance': '管理津贴', 'floor_basis': '保底基数',
    'direct_supervisor_id': '直接主管', 'indirect_supervisor_id': '间接主管',
    'effective_from': '生效日期', 'effective_to': '失效日期',
}


def read_table(path, columns, required, encoding='auto', chinese=True):
    """RFC 4180 file -> [(first line number, {column: raw value or None})].

    Header names matched case-insensitively after trimming; columns in any
    order; unknown columns ignored; blank / whitespace-only lines skipped;
    a record spanning several lines is numbered by its first line (§3, §8)."""
    with open(path, 'rb') as f:
        raw = f.read()
    if encoding == 'gb18030':
        text = raw.decode('gb18030')
    else:
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError:
            assert encoding == 'auto', '%s is not UTF-8' % path
            text = raw.decode('gb18030')
    if text.startswith('\ufeff'):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=''), strict=True)
    header, rows, prev = None, [], 0
    for fields in reader:
        first_line, prev = prev + 1, reader.line_num
        if not fields or (len(fields) == 1 and trim(fields[0]) == ''):
            continue                                   # blank line
        if header is None:
            header = {}
            for idx, h in enumerate(fields):
                key = trim(h).lower()
                for col in columns:
                    if key == col or (chinese and key == ALIASES.get(col)):
                        assert col not in header, 'duplicate column %s' % col
                        header[col] = idx
            for col in required:
                assert col in header, '%s: missing column %s' % (path, col)
            width = len(fields)
            continue
        assert len(fields) == width, '%s:%d: %d fields, header has %d' % (
            path, first_line, len(fields), width)
        rows.append((first_line, {c: (fields[i] if c in header else None)
                                  for c, i in [(c, header.get(c)) for c in columns]}))
    assert header is not None, '%s: no header' % path
    return rows


class Record:
    pass


def load_violations(paths, rules, month_first, month_last, encoding):
    records, seen = [], {}
    for path in sorted(paths, key=lambda p: p.encode('utf-8')):   # §2 byte order
        cols = ('record_id', 'employee_id', 'date', 'code', 'source', 'case_id', 'status')
        for line, row in read_table(path, cols, cols[:4], encoding):
            r = Record()
            r.record_id = trim(row['record_id'])
            r.employee_id = trim(row['employee_id'])
            r.date = parse_date(row['date'])
            r.code = trim(row['code'])
            r.source = row['source'] or ''                  # kept as written (§8)
            r.case_id = row['case_id'] or ''
            st = trim(row['status'] or '')
            r.status = {'': 'confirmed', 'confirmed': 'confirmed', 'pending': 'pending',
                        'overturned': 'overturned', '申诉中': 'pending',
                        '申诉撤销': 'overturned'}.get(st.lower())
            assert r.status, 'bad status %r' % st
            r.file, r.line = path, line
            assert r.record_id and r.employee_id and r.code
            assert r.record_id not in seen, 'duplicate record_id %s' % r.record_id
            seen[r.record_id] = (path, line)
            assert r.code in rules.codes, 'unknown code %s' % r.code
            assert r.date <= month_last, 'record after the month'
            r.category = rules.codes[r.code][0]
            r.is_reset = rules.codes[r.code][1] is None
            records.append(r)
    return records


class Wage:
    pass


def load_wages(path, encoding):
    cols = ('employee_id', 'name', 'region', 'gross_wage', 'management_allowance', 'floor_basis')
    wages = {}
    for line, row in read_table(path, cols, ('employee_id', 'region', 'gross_wage'), encoding):
        w = Wage()
        w.employee_id = trim(row['employee_id'])
        assert w.employee_id and w.employee_id not in wages, 'wages: duplicate/empty id'
        w.name = row['name'] or ''
        w.region = trim(row['region'])
        w.gross = parse_fixed(row['gross_wage'], 2, 'gross_wage')
        ma = trim(row['management_allowance'] or '')
        w.allowance = parse_fixed(ma, 2, 'management_allowance') if ma else 0
        fb = trim(row['floor_basis'] or '')
        w.floor_basis = parse_fixed(fb, 2, 'floor_basis') if fb else w.gross
        assert w.allowance <= w.gross and w.floor_basis <= w.gross
        wages[w.employee_id] = w
    return wages


def load_org(path, encoding):
    """employee -> [(from or None, to or None, direct, indirect)]."""
    cols = ('employee_id', 'direct_supervisor_id', 'indirect_supervisor_id',
            'effective_from', 'effective_to')
    org = defaultdict(list)
    for line, row in read_table(path, cols, ('employee_id',), encoding):
        emp = trim(row['employee_id'])
        d = trim(row['direct_supervisor_id'] or '')
        ind = trim(row['indirect_supervisor_id'] or '')
        f = trim(row['effective_from'] or '')
        t = trim(row['effective_to'] or '')
        f = parse_date(f) if f else None
        t = parse_date(t) if t else None
        assert emp and emp not in (d, ind), 'org: self-supervision %s' % emp
        assert f is None or t is None or f <= t
        org[emp].append((f, t, d, ind))
    for emp, rows in org.items():
        rows.sort(key=lambda r: r[0] or date.min)
        for a, b in zip(rows, rows[1:]):
            assert a[1] is not None and b[0] is not None and a[1] < b[0], 'org: overlap %s' % emp
    return org


def org_row_on(org, emp, day):
    """The org row of `emp` covering `day` (inclusive bounds), or None."""
    for f, t, d, ind in org.get(emp, ()):
        if (f is None or f <= day) and (t is None or day <= t):
            return d, ind
    return None


def load_ledger(path, month_text, encoding):
    """employee -> [(origin_month, kind, fen)], zero rows dropped (§8)."""
    ledger, seen = defaultdict(list), set()
    cols = ('employee_id', 'origin_month', 'kind', 'amount')
    for line, row in read_table(path, cols, cols, encoding, chinese=False):
        emp = trim(row['employee_id'])
        origin = trim(row['origin_month'])
        kind = trim(row['kind'])
        fen = parse_fixed(row['amount'], 2, 'amount')
        parse_month(origin)
        assert origin < month_text, 'ledger origin_month not before --month'
        assert kind in KINDS
        assert (emp, origin, kind) not in seen, 'ledger: repeated row'
        seen.add((emp, origin, kind))
        if fen:
            ledger[emp].append((origin, kind, fen))
    return ledger


# --------------------------------------------------------------------------
# Computation (§4), one function per step
# --------------------------------------------------------------------------

def step1_charged(records, rules):
    """§4.1: charged = not overturned and not held (pending + policy hold)."""
    for r in records:
        if r.status == 'overturned':
            r.charged = 'overturned'
        elif r.status == 'pending' and rules.pending_appeal == 'hold':
            r.charged = 'held'
        else:
            r.charged = 'yes'


def step2_own_points(records, rules):
    """§4.2 (+ §8): own points per employee; sets r.points_cp (shown points).

    Non-reset records show their code's points (charged or not).  Reset
    records show 0, except the earliest charged one (date, then record_id),
    which shows max(others, quality_score_base) - others, where `others` is
    the sum of the employee's charged non-reset records."""
    charged = defaultdict(list)
    for r in records:
        r.points_cp = 0 if r.is_reset else rules.codes[r.code][1]
        if r.charged == 'yes':
            charged[r.employee_id].append(r)
    own_cp, reset_emps = {}, set()
    for emp, recs in charged.items():
        others = sum(r.points_cp for r in recs if not r.is_reset)
        resets = sorted((r for r in recs if r.is_reset), key=lambda r: (r.date, r.record_id))
        if resets:
            own_cp[emp] = max(others, rules.base_cp)
            resets[0].points_cp = own_cp[emp] - others
            reset_emps.add(emp)
        else:
            own_cp[emp] = others
    return own_cp, reset_emps


def step3_own_assessed(own_cp, rules):
    """§4.3: own points x yuan_per_point, rounded half-up to the fen."""
    return {emp: round_half_up(cp * rules.ypp_fen, CENTI) for emp, cp in own_cp.items()}


def step4_liability(records, rules, org, have_org):
    """§4.4: liability rows, exact liability points and assessed per supervisor.

    For each charged record and each level whose supervisor (from the org row
    covering the record's date) is not empty: shown points x ratio of the
    record's category for that level.  Assessed = exact sum x yuan_per_point,
    rounded half-up once per supervisor (both levels together)."""
    rows, micro = [], defaultdict(int)
    for r in records:
        if r.charged != 'yes':
            continue
        sup = org_row_on(org, r.employee_id, r.date) if have_org else None
        if sup is None:
            assert not rules.any_liability, \
                'charged record %s has no org row covering its date' % r.record_id
            continue
        for level, sup_id in zip(LEVELS, sup):
            if not sup_id:
                continue
            ratio = rules.liability[r.category][level]
            lp = r.points_cp * ratio
            rows.append((sup_id, level, r.employee_id, r.record_id, r.category,
                         r.points_cp, ratio, lp))
            micro[sup_id] += lp
    assessed = {s: round_half_up(m * rules.ypp_fen, MICRO) for s, m in micro.items()}
    return rows, micro, assessed


def step5_caps(w, rules):
    """§4.5: caps rounded down."""
    wage_cap = w.gross * rules.wage_ratio // RATIO
    liability_cap = w.allowance * rules.liability_ratio // RATIO
    return wage_cap, liability_cap


class Claim:
    def __init__(self, origin, kind, amount, current):
        self.origin, self.kind, self.amount, self.current = origin, kind, amount, current
        self.paid = 0


def fill_bucket(claims, cap, policy, carry, waived):
    """§4.6 / §4.7: pay claims in order up to `cap`.  The unpaid rest of a
    carry-in item is carried; of this month's claim, carried or waived per
    policy.  Returns True when the cap cut something."""
    room = cap
    for c in claims:
        c.paid = min(c.amount, room)
        room -= c.paid
    cut = False
    for c in claims:
        rest = c.amount - c.paid
        if rest:
            cut = True
            if c.current and policy == 'waive':
                waived[0] += rest
            else:
                carry[(c.origin, c.kind)] += rest
    return cut


def step6_bucket_own(ledger_items, own_assessed, month, wage_cap, rules, carry, waived):
    claims = [Claim(o, k, a, False) for o, k, a in sorted(ledger_items) if k == 'own']
    claims.append(Claim(month, 'own', own_assessed, True))
    cut = fill_bucket(claims, wage_cap, rules.own_over_cap, carry, waived)
    return claims, cut


def step7_bucket_liability(ledger_items, liab_assessed, month, liability_cap, rules, carry, waived):
    claims = [Claim(o, k, a, False) for o, k, a in sorted(ledger_items) if k == 'liability']
    claims.append(Claim(month, 'liability', liab_assessed, True))
    cut = fill_bucket(claims, liability_cap, rules.liability_over_cap, carry, waived)
    return claims, cut


def step8_floor(own_claims, liab_claims, floor_basis, min_wage, carry):
    """§4.8: room = max(0, floor_basis - minimum_wage); cut payments last
    claim first (liability bucket from its last claim, then own bucket from
    its last); everything cut is carried (never waived)."""
    room = max(0, floor_basis - min_wage)
    excess = sum(c.paid for c in own_claims + liab_claims) - room
    cut = False
    for c in reversed(own_claims + liab_claims):
        if excess <= 0:
            break
        x = min(c.paid, excess)
        if x:
            c.paid -= x
            excess -= x
            carry[(c.origin, c.kind)] += x
            cut = True
    return cut


def step9_totals(w, claims, carry, waived):
    """§4.9: deduction = payments left; net_pay; carry_out per (origin, kind)."""
    deduction = sum(c.paid for c in claims)
    return deduction, w.gross - deduction, sum(carry.values()), waived[0]


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def compute(args):
    month_first, month_last = parse_month(args.month)
    month = '%04d-%02d' % (month_first.year, month_first.month)
    rules = load_rules(args.rules, month_first)
    wages = load_wages(args.wages, args.encoding)
    assert args.org or not rules.any_liability, '--org is mandatory with liability ratios > 0'
    org = load_org(args.org, args.encoding) if args.org else {}
    ledger = load_ledger(args.carry_in, month, args.encoding) if args.carry_in else {}
    records = load_violations(args.violations, rules, month_first, month_last, args.encoding)

    step1_charged(records, rules)
    own_cp, reset_emps = step2_own_points(records, rules)
    own_fen = step3_own_assessed(own_cp, rules)
    liab_rows, liab_micro, liab_fen = step4_liability(records, rules, org, bool(args.org))

    for emp in own_cp:
        assert emp in wages, 'charged violator %s has no wages row' % emp
    for sup in liab_micro:
        assert sup in wages, 'supervisor %s has no wages row' % sup
    held_emps = {r.employee_id for r in records if r.charged == 'held'}

    payroll, carryover = [], []
    totals = defaultdict(int)
    for emp in sorted(wages):
        w = wages[emp]
        items = ledger.get(emp, [])
        min_wage = minimum_wage(rules, w.region, month_first)
        carry, waived = defaultdict(int), [0]
        wage_cap, liability_cap = step5_caps(w, rules)
        own_claims, own_cut = step6_bucket_own(items, own_fen.get(emp, 0), month,
                                               wage_cap, rules, carry, waived)
        liab_claims, liab_cut = step7_bucket_liability(items, liab_fen.get(emp, 0), month,
                                                       liability_cap, rules, carry, waived)
        floor_cut = step8_floor(own_claims, liab_claims, w.floor_basis, min_wage, carry)
        deduction, net, carry_out, waived_fen = step9_totals(
            w, own_claims + liab_claims, carry, waived)

        carry_in = sum(a for _, _, a in items)
        assert carry_in + own_fen.get(emp, 0) + liab_fen.get(emp, 0) == \
            deduction + carry_out + waived_fen, 'conservation fails for %s' % emp
        flags = [name for name, on in (('wage_cap', own_cut), ('liability_cap', liab_cut),
                                       ('floor', floor_cut), ('reset', emp in reset_emps),
                                       ('held', emp in held_emps)) if on]
        payroll.append([month, emp, w.name, w.region, fmt_amount(w.gross),
                        fmt_amount(w.allowance), fmt_trimmed(own_cp.get(emp, 0), 2),
                        fmt_amount(own_fen.get(emp, 0)), fmt_trimmed(liab_micro.get(emp, 0), 6),
                        fmt_amount(liab_fen.get(emp, 0)), fmt_amount(carry_in),
                        fmt_amount(wage_cap), fmt_amount(liability_cap), fmt_amount(min_wage),
                        fmt_amount(deduction), fmt_amount(net), fmt_amount(carry_out),
                        fmt_amount(waived_fen), ';'.join(flags)])
        for k, v in (('carry_in', carry_in), ('in', carry_in + own_fen.get(emp, 0) + liab_fen.get(emp, 0)),
                     ('out', deduction + carry_out + waived_fen)):
            totals[k] += v
        for (origin, kind), amount in carry.items():
            if amount:
                carryover.append((emp, origin, kind, amount))

    # Employees with carry-in but no wages row: carried forward unchanged (§3).
    for emp, items in ledger.items():
        if emp not in wages:
            for origin, kind, amount in items:
                carryover.append((emp, origin, kind, amount))
    assert totals['in'] == totals['out'], 'conservation fails on totals'

    detail = []
    for r in sorted(records, key=lambda r: (r.employee_id, r.date, r.record_id)):
        sup = org_row_on(org, r.employee_id, r.date) or ('', '')
        detail.append([r.record_id, r.employee_id, r.date.isoformat(), r.code, r.category,
                       fmt_trimmed(r.points_cp, 2), r.source, r.case_id, r.status, r.charged,
                       sup[0], sup[1], r.file, str(r.line)])

    liability = [[s, lvl, sub, rid, cat, fmt_trimmed(p, 2), fmt_trimmed(ratio, 4), fmt_trimmed(lp, 6)]
                 for s, lvl, sub, rid, cat, p, ratio, lp in sorted(
                     liab_rows, key=lambda x: (x[0], x[1], x[3]))]
    carry_rows = [[e, o, k, fmt_amount(a)] for e, o, k, a in sorted(
        carryover, key=lambda x: (x[0], x[1], KINDS.index(x[2])))]
    return {
        'payroll.csv': (['month', 'employee_id', 'name', 'region', 'gross_wage',
                         'management_allowance', 'own_points', 'own_assessed', 'liability_points',
                         'liability_assessed', 'carry_in', 'wage_cap', 'liability_cap',
                         'minimum_wage', 'deduction', 'net_pay', 'carry_out', 'waived', 'flags'],
                        payroll),
        'detail.csv': (['record_id', 'employee_id', 'date', 'code', 'category', 'points', 'source',
                        'case_id', 'status', 'charged', 'direct_supervisor_id',
                        'indirect_supervisor_id', 'file', 'line'], detail),
        'liability.csv': (['supervisor_id', 'level', 'subordinate_id', 'record_id', 'category',
                           'points', 'ratio', 'liability_points'], liability),
        'carryover.csv': (['employee_id', 'origin_month', 'kind', 'amount'], carry_rows),
    }


def csv_field(s):
    """Quote only when needed: a comma, a double quote, CR or LF (§5)."""
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_outputs(outputs, out_dir, bom):
    os.makedirs(out_dir, exist_ok=True)
    for name, (header, rows) in outputs.items():
        text = ''.join(','.join(csv_field(f) for f in row) + '\n' for row in [header] + rows)
        with open(os.path.join(out_dir, name), 'wb') as f:
            f.write((b'\xef\xbb\xbf' if bom else b'') + text.encode('utf-8'))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    assert argv and argv[0] == 'run', 'usage: oracle.py run ... (only `run` is implemented)'
    run = argparse.ArgumentParser(prog='oracle.py run')
    run.add_argument('--month', required=True)
    run.add_argument('--rules', required=True)
    run.add_argument('--wages', required=True)
    run.add_argument('--org')
    g = run.add_mutually_exclusive_group(required=True)
    g.add_argument('--carry-in', dest='carry_in')
    g.add_argument('--no-carry-in', action='store_true')
    run.add_argument('--out', required=True)
    run.add_argument('--force', action='store_true')
    run.add_argument('--bom', action='store_true')
    run.add_argument('--encoding', default='auto', choices=('auto', 'utf-8', 'gb18030'))
    run.add_argument('violations', nargs='+')
    args = run.parse_intermixed_args(argv[1:])
    write_outputs(compute(args), args.out, args.bom)
    return 0


if __name__ == '__main__':
    sys.exit(main())
