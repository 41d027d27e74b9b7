#!/usr/bin/env python3
"""Write a random but VALID small month of payroll-penalty inputs.

    python3 randmonth.py SEED DIR [--plain]

DIR gets rules.yaml, wages.csv, org.csv (unless --org is not needed and the
dice say so), ledger.csv (or none: --no-carry-in), 1-3 violation files and
`args`: the command line, one argument per line, starting with `run` and
ending with `--out`, `out` and the violation file names.

Default mode also varies the *form* of valid input (§3/§8): column order,
header case/spaces/Chinese headers, unknown columns, BOM, CRLF, blank and
whitespace-only lines, unneeded quotes, padded IDs, YYYY/M/D dates, amounts
with 0/1/2 decimals, status spelling, GB18030 files, sub-directories in
violation paths, YAML style (flow vs block, comments, quoted names).
`--plain` turns all of that off (plain UTF-8, LF, English headers in the
order of §3, no padding) so that a difference found points at the
computation, not at parsing.

The same SEED always gives the same bytes.
"""

import os
import random
import sys
from datetime import date, timedelta

# the Chinese headers SPEC §3 allows: the oracle's table (one list of them)
from oracle import ALIASES as CN_HEADERS

CATS = ('general', 'serious', 'major')
SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明']
CODE_NAMES = ['未核对客户信息', '服务用语不规范', '泄露客户信息', '违规承诺', '辱骂客户',
              '通报批评', '警告', '记过', '记大过', '口头批评', '虚假工单', '擅自挂机']


def trimmed(value, places):
    whole, frac = divmod(value, 10 ** places)
    f = ('%0*d' % (places, frac)).rstrip('0')
    return str(whole) + ('.' + f if f else '')


class Gen:
    def __init__(self, seed, outdir, plain):
        self.rng = random.Random(seed)
        self.seed, self.dir, self.plain = seed, outdir, plain

    def chance(self, p):
        """A random event that only happens in non-plain mode."""
        return not self.plain and self.rng.random() < p

    # ----- formatting helpers --------------------------------------------

    def amount(self, fen):
        r = self.rng
        if self.plain:
            return '%d.%02d' % divmod(fen, 100)
        if fen % 100 == 0 and r.random() < 0.5:
            return r.choice(['%d', '%d.0', '%d.00'][:3]) % (fen // 100)
        if fen % 10 == 0 and r.random() < 0.5:
            return '%d.%d' % (fen // 100, fen % 100 // 10)
        return '%d.%02d' % divmod(fen, 100)

    def day(self, d):
        if d is None:
            return ''
        if self.chance(0.2):
            return '%d/%d/%d' % (d.year, d.month, d.day)
        return d.isoformat()

    def pad(self, s):
        """IDs, codes, regions, amounts, dates, status are trimmed (§8)."""
        if s and self.chance(0.08):
            return self.rng.choice([' ', '  ', '\t']) + s + self.rng.choice(['', ' ', '\t '])
        return s

    def header(self, col, chinese_ok):
        r = self.rng
        if chinese_ok and col in CN_HEADERS and self.chance(0.25):
            return CN_HEADERS[col]
        h = col
        if self.chance(0.2):
            h = r.choice([h.upper(), h.title(), h.capitalize()])
        if self.chance(0.1):
            h = ' ' + h + ' '
        return h

    def write_csv(self, name, columns, rows, chinese_ok=True):
        """rows: list of dicts col -> raw text (already formatted)."""
        r = self.rng
        cols = list(columns)
        if not self.plain:
            r.shuffle(cols)
        extra = self.chance(0.15)
        heads = [self.header(c, chinese_ok) for c in cols]
        if extra:
            pos = r.randint(0, len(cols))
            cols.insert(pos, None)
            heads.insert(pos, r.choice(['remark', '备注', 'Note']))
        eol = '\r\n' if self.chance(0.3) else '\n'

        def field(s):
            if any(c in s for c in ',"\r\n') or (s and self.chance(0.05)):
                return '"' + s.replace('"', '""') + '"'
            return s

        lines = [','.join(field(h) for h in heads)]
        for row in rows:
            if self.chance(0.05):
                lines.append(r.choice(['', '   ', ' \t']))
            lines.append(','.join(field(row.get(c, '') if c else r.choice(['x', '', 'a,b', '随便']))
                                  for c in cols))
        text = eol.join(lines) + ('' if self.chance(0.1) and rows else eol)
        data = text.encode('utf-8')
        if self.chance(0.15):
            data = b'\xef\xbb\xbf' + data
        elif chinese_ok and self.chance(0.08):
            g = text.encode('gb18030')
            try:
                g.decode('utf-8')
            except UnicodeDecodeError:
                data = g                      # really not UTF-8: auto-detected as GB18030
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)

    # ----- the month -----------------------------------------------------

    def run(self):
        r = self.rng
        os.makedirs(self.dir, exist_ok=True)
        year, mon = r.randint(2023, 2026), r.randint(1, 12)
        self.month = '%04d-%02d' % (year, mon)
        self.first = date(year, mon, 1)
        nxt = date(year + (mon == 12), mon % 12 + 1, 1)
        self.last = nxt - timedelta(days=1)

        self.make_rules()
        self.make_people()
        self.make_records()
        self.make_org()
        self.make_ledger()
        self.write_all()

    def make_rules(self):
        r = self.rng
        self.ypp = r.choice(['5', '5', '5', '5.00', '2.5', '1.37', '0.55', '10', '3', '0.01'])
        self.base = r.choice(['100', '100', '100', '60', '30', '45.5'])
        self.wage_ratio = r.choice(['0.20', '0.2', '0.20', '0.15', '0.3333', '0.1234', '0.05'])
        self.liab_ratio = r.choice(['0.20', '0.2', '0.1', '0.0725', '0', '1', '0.5', '0.3333'])
        self.policy = {}
        for key, vals in (('own_over_cap', ('carry', 'waive')),
                          ('liability_over_cap', ('carry', 'waive')),
                          ('pending_appeal', ('hold', 'deduct'))):
            if r.random() < 0.8:
                self.policy[key] = r.choice(vals)
        self.hold = self.policy.get('pending_appeal', 'hold') == 'hold'

        mode = r.random()
        std = {'general': (6000, 3000), 'serious': (8000, 4000), 'major': (10000, 5000)}
        self.ratios = {}
        for cat in CATS:
            if mode < 0.4:
                pair = std[cat]
            elif mode < 0.9:
                pair = tuple(r.choice([0, 10000, r.randint(0, 10000), r.randint(0, 10000),
                                       r.randint(1, 99)]) for _ in range(2))
            else:
                pair = (0, 0)
            self.ratios[cat] = pair
        self.any_liability = any(v for p in self.ratios.values() for v in p)

        # minimum wages: at least one entry in force on the 1st for each region
        names = ['shanghai', 'beijing', 'shenzhen', 'chengdu'] + ([] if self.plain else ['广州'])
        self.regions = r.sample(names, r.randint(1, 3))
        self.minwage = []
        for reg in self.regions:
            used = set()
            for k in range(r.randint(1, 3)):
                if k == 0:
                    d = self.first - timedelta(days=r.choice([0, 0, r.randint(1, 800)]))
                elif r.random() < 0.5:
                    d = self.first - timedelta(days=r.randint(1, 900))
                else:
                    d = self.first + timedelta(days=r.randint(1, 60))   # not yet in force
                if d in used:
                    continue
                used.add(d)
                self.minwage.append((reg, r.randint(1500, 2800) * 100 + r.choice([0, 0, 50, r.randint(0, 99)]), d))
        r.shuffle(self.minwage)

        # codes
        self.codes = []
        ids = set()
        while len(ids) < r.randint(3, 8):
            ids.add(r.choice(['A', 'B', 'C', 'QA', 'X']) + r.choice(['', '-', '.']) +
                    '%02d' % r.randint(1, 40))
        for c in sorted(ids):
            pts = r.choice([500, 1000, 2000, 4000, 6000, 8000, 250, 50, 125, 0, 375, 1200, 750, 1, 1505])
            self.codes.append({'code': c, 'name': r.choice(CODE_NAMES), 'category': r.choice(CATS),
                               'points': pts})
        self.reset_codes = []
        for c, nm in r.sample([('D-PROBATION', '留司查看'), ('D-DISMISS', '辞退')], r.choice([0, 1, 1, 2, 2])):
            cat = 'major' if r.random() < 0.7 else r.choice(CATS)
            self.codes.append({'code': c, 'name': nm, 'category': cat, 'reset': True})
            self.reset_codes.append(c)
        self.normal_codes = [c['code'] for c in self.codes if 'reset' not in c]
        self.category = {c['code']: c['category'] for c in self.codes}

    def make_people(self):
        r = self.rng
        n = r.randint(3, 25)
        style = r.choice(['E', 'num', 'mixed'])
        ids = set()
        while len(ids) < n:
            k = r.randint(1, 999)
            s = {'E': 'E%d' % k, 'num': '%05d' % k,
                 'mixed': r.choice(['E%d' % k, 'e%d' % k, 'M%d' % k, '%d' % (1000 + k)])}[style]
            if self.chance(0.03):
                s = r.choice(SURNAMES) + str(k)           # a non-ASCII ID: byte-order sorting
            ids.add(s)
        self.employees = sorted(ids)
        self.supervisors = r.sample(self.employees, r.randint(1, max(1, n // 3)))
        self.wages = {}
        self.has_allowance_col = r.random() < 0.9
        self.has_floor_col = r.random() < 0.8
        self.has_name_col = r.random() < 0.9
        for e in self.employees:
            if r.random() < 0.04:
                gross = 0
            else:
                gross = r.randint(1800, 9000) * 100 + r.choice([0, 0, 50, r.randint(0, 99)])
            allowance = 0
            if self.has_allowance_col:
                if e in self.supervisors and r.random() < 0.75:
                    allowance = min(gross, r.randint(50, 3000) * 100 + r.choice([0, 5, 50]))
                elif r.random() < 0.1:
                    allowance = min(gross, r.randint(1, 500) * 100)
            floor = None
            if self.has_floor_col:
                x = r.random()
                if x < 0.35:
                    floor = gross - min(gross, r.randint(0, 1500) * 100 + r.randint(0, 99))
                elif x < 0.45:
                    floor = gross
            name = r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.5 else '')
            if self.chance(0.1):
                name = r.choice([' ' + name, name + ', Jr.', '"' + name + '"', name + '\n(二)',
                                 'Wang "Tony" Wei', name + ' '])
            self.wages[e] = {'name': name, 'region': r.choice(self.regions), 'gross': gross,
                             'allowance': allowance, 'floor': floor}

    def make_records(self):
        r = self.rng
        self.records = []
        n = 0 if r.random() < 0.08 else r.choice([r.randint(1, 10), r.randint(1, 60), r.randint(20, 60)])
        # a busy month (two seeds in 40): thousands of records whose sources
        # are free text, each its own (more than the writer formats ahead)
        busy = self.busy = self.seed % 20 == 7
        if busy:
            n = r.randint(5000, 5500)
        violators = r.sample(self.employees, r.randint(1, len(self.employees)))
        used_ids = set()
        rid_style = r.choice(['R', 'V-', 'num'])
        cases = ['C%04d' % r.randint(1, 9999) for _ in range(max(1, n // 3))]

        def new_id():
            while True:
                k = r.randint(1, 9999)
                rid = {'R': 'R%d' % k, 'V-': 'V-%s-%04d' % (self.month, k), 'num': '%d' % k}[rid_style]
                if rid not in used_ids:
                    used_ids.add(rid)
                    return rid

        def status():
            x = r.random()
            if x < 0.65:
                return 'confirmed'
            return 'pending' if x < 0.85 else 'overturned'

        def record(emp, code, st, d=None):
            if d is None:
                if r.random() < 0.12:
                    d = self.first - timedelta(days=r.randint(1, 500))    # late finding
                else:
                    d = self.first + timedelta(days=r.randint(0, (self.last - self.first).days))
            src = r.choice(['qa', 'complaint', '', 'qa', 'complaint', '质检', '投诉'])
            if busy:
                src = r.choice(['note %d', 'call %d, callback', '"%d" said', '回访 %d']) % len(self.records)
            case = r.choice(cases) if r.random() < 0.7 else ''
            self.records.append({'record_id': new_id(), 'employee_id': emp, 'date': d,
                                 'code': code, 'status': st, 'source': src, 'case_id': case})

        for _ in range(n):
            code = (r.choice(self.reset_codes) if self.reset_codes and r.random() < 0.1
                    else r.choice(self.normal_codes))
            record(r.choice(violators), code, status())
        if self.reset_codes and n and r.random() < 0.35:      # several reset records, one employee
            emp = r.choice(violators)
            for _ in range(r.randint(2, 3)):
                record(emp, r.choice(self.reset_codes), status())
            if r.random() < 0.5:                               # same date: record_id decides
                d = self.first + timedelta(days=r.randint(0, 27))
                record(emp, r.choice(self.reset_codes), 'confirmed', d)
                record(emp, r.choice(self.reset_codes), 'confirmed', d)
        # R10: a QA-returned case and a complaint on the same case are both charged
        if n and r.random() < 0.3:
            emp, case = r.choice(violators), r.choice(cases)
            for src in ('qa', 'complaint'):
                self.records.append({'record_id': new_id(), 'employee_id': emp,
                                     'date': self.first + timedelta(days=3), 'code': r.choice(self.normal_codes),
                                     'status': 'confirmed', 'source': src, 'case_id': case})
        # a violator without a wages row whose records are all uncharged
        self.ghost = None
        if r.random() < 0.2:
            self.ghost = 'G%d' % r.randint(1, 99)
            for _ in range(r.randint(1, 2)):
                st = 'overturned' if not self.hold or r.random() < 0.5 else 'pending'
                record(self.ghost, r.choice(self.normal_codes + self.reset_codes), st)

        for rec in self.records:
            rec['charged'] = not (rec['status'] == 'overturned' or
                                  (rec['status'] == 'pending' and self.hold))

    def make_org(self):
        r = self.rng
        self.use_org = self.any_liability or r.random() < 0.6
        self.org = []
        if not self.use_org:
            return
        people = list(self.employees) + ([self.ghost] if self.ghost else [])
        for e in people:
            recs = [x for x in self.records if x['employee_id'] == e]
            charged = any(x['charged'] for x in recs)
            if not charged and r.random() < 0.15:
                continue                                        # no org row at all
            lo = min([x['date'] for x in recs] + [self.first])
            start = None if r.random() < 0.5 else lo - timedelta(days=r.choice([0, r.randint(0, 400)]))
            end = None if r.random() < 0.7 else self.last + timedelta(days=r.choice([0, r.randint(0, 400)]))
            seg_lo = (start or lo - timedelta(days=60)) + timedelta(days=1)
            span = (self.last - seg_lo).days
            nseg = r.choice([1, 1, 1, 2, 2, 3])
            cuts = sorted(set(seg_lo + timedelta(days=r.randint(0, span)) for _ in range(nseg - 1)))
            if cuts and r.random() < 0.6:      # a transfer inside the month
                cuts[-1] = self.first + timedelta(days=r.randint(1, (self.last - self.first).days))
                cuts = sorted(set(cuts))
            bounds = [start] + cuts
            cands = [s for s in self.supervisors if s != e]
            for i, f in enumerate(bounds):
                t = cuts[i] - timedelta(days=1) if i < len(cuts) else end
                d = r.choice(cands) if cands and r.random() < 0.9 else ''
                others = [s for s in cands if s != d] or cands
                ind = r.choice(others) if others and r.random() < 0.75 else ''
                if cands and r.random() < 0.04:
                    ind = d                                     # same person at both levels
                if e == self.ghost and r.random() < 0.3:
                    d = 'EXT%d' % r.randint(1, 9)               # never charged: needs no wages row
                self.org.append({'employee_id': e, 'direct_supervisor_id': d,
                                 'indirect_supervisor_id': ind, 'effective_from': f, 'effective_to': t})
        r.shuffle(self.org)

    def make_ledger(self):
        r = self.rng
        self.use_ledger = r.random() < 0.65
        self.ledger = []
        if not self.use_ledger:
            return
        y, m = self.first.year, self.first.month

        def month_back(k):
            idx = y * 12 + (m - 1) - k
            return '%04d-%02d' % (idx // 12, idx % 12 + 1)

        debtors = r.sample(self.employees, r.randint(0, min(5, len(self.employees))))
        self.carry_only = None
        if r.random() < 0.5:
            self.carry_only = 'X%d' % r.randint(1, 99)
            debtors.append(self.carry_only)
        for e in debtors:
            keys = set()
            for _ in range(r.randint(1, 4)):
                keys.add((month_back(r.randint(1, 14)), r.choice(['own', 'liability'])))
            for origin, kind in sorted(keys):
                fen = 0 if r.random() < 0.08 else r.choice([r.randint(1, 80000), r.randint(1, 8000) * 10])
                self.ledger.append({'employee_id': e, 'origin_month': origin, 'kind': kind,
                                    'amount': fen})
        r.shuffle(self.ledger)

    # ----- writing -------------------------------------------------------

    def write_yaml(self):
        r = self.rng
        fancy = not self.plain
        L = ['# random rule table, randmonth.py seed %d' % self.seed]

        def c(text):
            return text + ('   # ' + r.choice(['note', '说明', 'x: y']) if fancy and r.random() < 0.15 else '')

        def q(s):
            return '"%s"' % s if fancy and r.random() < 0.3 else s

        def ratio(v):
            s = trimmed(v, 4)
            if fancy and r.random() < 0.2 and len(s.partition('.')[2]) < 4:
                s = s + ('.' if '.' not in s else '') + '0' * r.randint(1, 4 - len(s.partition('.')[2]))
            return s

        blocks = {}
        blocks['schema'] = [c('schema: 1')]
        blocks['name'] = [c('name: ' + q('电销中心客服专员及管理人员品质管理办法'))]
        blocks['effective_from'] = [c('effective_from: ' + r.choice(['2013-01', self.month]))]
        blocks['yuan_per_point'] = [c('yuan_per_point: ' + self.ypp)]
        blocks['quality_score_base'] = [c('quality_score_base: ' + self.base)]
        if fancy and r.random() < 0.3:
            blocks['caps'] = ['caps: {wage_ratio: %s, liability_ratio: %s}' % (self.wage_ratio, self.liab_ratio)]
        else:
            blocks['caps'] = ['caps:', c('  wage_ratio: ' + self.wage_ratio),
                              '  liability_ratio: ' + self.liab_ratio]
        if self.policy:
            blocks['policy'] = ['policy:'] + [c('  %s: %s' % kv) for kv in self.policy.items()]
        blocks['liability'] = ['liability:']
        for cat in CATS:
            d, i = (ratio(x) for x in self.ratios[cat])
            if fancy and r.random() < 0.3:
                blocks['liability'] += ['  %s:' % cat, '    direct: ' + d, c('    indirect: ' + i)]
            else:
                blocks['liability'].append(c('  %s: {direct: %s, indirect: %s}' % (cat, d, i)))
        ind = '' if fancy and r.random() < 0.3 else '  '

        def seq(key, items):
            out = [key + ':']
            for it in items:
                if fancy and r.random() < 0.25:
                    keys = list(it)
                    out.append(ind + '- %s: %s' % (keys[0], it[keys[0]]))
                    out += [ind + '  %s: %s' % (k, it[k]) for k in keys[1:]]
                else:
                    out.append(c(ind + '- {' + ', '.join('%s: %s' % kv for kv in it.items()) + '}'))
            return out

        blocks['minimum_wage'] = seq('minimum_wage', [
            {'region': reg, 'amount': '%d.%02d' % divmod(fen, 100), 'effective_from': d.isoformat()}
            for reg, fen, d in self.minwage])
        codes = []
        for cd in self.codes:
            it = {'code': cd['code'], 'name': q(cd['name']), 'category': cd['category']}
            if 'reset' in cd:
                it['reset'] = 'true'
            else:
                it['points'] = trimmed(cd['points'], 2)
            codes.append(it)
        if fancy:
            r.shuffle(codes)
        blocks['codes'] = seq('codes', codes)
        order = list(blocks)
        if fancy and r.random() < 0.3:
            r.shuffle(order)
        for k in order:
            if fancy and r.random() < 0.2:
                L.append('')
            L += blocks[k]
        with open(os.path.join(self.dir, 'rules.yaml'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(L) + '\n')

    STATUS_FORMS = {'confirmed': ['', 'confirmed', 'Confirmed', 'CONFIRMED'],
                    'pending': ['pending', 'Pending', 'PENDING', '申诉中'],
                    'overturned': ['overturned', 'Overturned', '申诉撤销']}

    def write_all(self):
        r = self.rng
        self.write_yaml()
        P = self.pad

        # wages
        cols = ['employee_id'] + (['name'] if self.has_name_col else []) + ['region', 'gross_wage']
        cols += (['management_allowance'] if self.has_allowance_col else [])
        cols += (['floor_basis'] if self.has_floor_col else [])
        rows = []
        for e in self.employees:
            w = self.wages[e]
            al = w['allowance']
            rows.append({'employee_id': P(e), 'name': w['name'], 'region': P(w['region']),
                         'gross_wage': P(self.amount(w['gross'])),
                         'management_allowance': '' if al == 0 and r.random() < 0.4 else P(self.amount(al)),
                         'floor_basis': '' if w['floor'] is None else P(self.amount(w['floor']))})
        if not self.plain:
            r.shuffle(rows)
        self.write_csv('wages.csv', cols, rows)

        # org
        if self.use_org:
            cols = ['employee_id', 'direct_supervisor_id', 'indirect_supervisor_id',
                    'effective_from', 'effective_to']
            self.write_csv('org.csv', cols, [
                {'employee_id': P(o['employee_id']), 'direct_supervisor_id': P(o['direct_supervisor_id']),
                 'indirect_supervisor_id': P(o['indirect_supervisor_id']),
                 'effective_from': P(self.day(o['effective_from'])),
                 'effective_to': P(self.day(o['effective_to']))} for o in self.org])

        # ledger (English headers only)
        if self.use_ledger:
            self.write_csv('ledger.csv', ['employee_id', 'origin_month', 'kind', 'amount'], [
                {'employee_id': P(x['employee_id']), 'origin_month': x['origin_month'], 'kind': x['kind'],
                 'amount': P(self.amount(x['amount']))} for x in self.ledger], chinese_ok=False)

        # violation files
        nfiles = r.randint(1, 3)
        names = r.sample(['viol-a.csv', 'viol-b.csv', 'qa.csv', 'complaints.csv', '2.csv'], nfiles)
        if not self.plain:
            names = [r.choice(['', '', './', 'sub/', 'sub/dir/']) + nm for nm in names]
        groups = [[] for _ in names]
        for rec in self.records:
            r.choice(groups).append(rec)
        for nm, recs in zip(names, groups):
            r.shuffle(recs)
            cols = ['record_id', 'employee_id', 'date', 'code']
            for opt in ('source', 'case_id'):
                if self.plain or (opt == 'source' and self.busy) or r.random() < 0.85:
                    cols.append(opt)
            if self.plain or any(x['status'] != 'confirmed' for x in recs) or r.random() < 0.7:
                cols.append('status')
            rows = []
            for x in recs:
                st = r.choice(self.STATUS_FORMS[x['status']]) if not self.plain else x['status']
                src, case = x['source'], x['case_id']
                if self.chance(0.05):
                    src = r.choice([' qa', 'qa ', 'a "quoted" source', 'multi\nline', 'x,y'])
                rows.append({'record_id': P(x['record_id']), 'employee_id': P(x['employee_id']),
                             'date': P(self.day(x['date'])), 'code': P(x['code']),
                             'source': src, 'case_id': case, 'status': P(st)})
            self.write_csv(nm, cols, rows)

        args = ['run', '--month', self.month, '--rules', 'rules.yaml', '--wages', 'wages.csv']
        if self.use_org:
            args += ['--org', 'org.csv']
        args += ['--carry-in', 'ledger.csv'] if self.use_ledger else ['--no-carry-in']
        if self.chance(0.1):
            args.append('--bom')
        args += ['--out', 'out']
        if not self.plain:
            r.shuffle(names)
        args += names
        with open(os.path.join(self.dir, 'args'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(args) + '\n')


def main():
    argv = sys.argv[1:]
    plain = '--plain' in argv
    argv = [a for a in argv if a != '--plain']
    if len(argv) != 2:
        sys.exit('usage: randmonth.py SEED DIR [--plain]')
    Gen(int(argv[0]), argv[1], plain).run()


if __name__ == '__main__':
    main()
