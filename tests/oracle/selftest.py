#!/usr/bin/env python3
"""Hand-checked examples for the oracle (python3 -m unittest selftest, or
python3 selftest.py).  Every expected figure below was worked out by hand
from SPEC.md §4; the arithmetic is in the comments."""

import os
import shutil
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

RULES_HEAD = """\
schema: 1
name: 电销中心客服专员及管理人员品质管理办法
effective_from: 2013-01
yuan_per_point: 5
quality_score_base: 100
caps:
  wage_ratio: 0.20
  liability_ratio: 0.20
"""


class Month:
    """A tiny month written into a temp dir, run through the oracle."""

    def __init__(self, files, args):
        self.dir = tempfile.mkdtemp(prefix='oracle-selftest-')
        for name, text in files.items():
            with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
                f.write(textwrap.dedent(text))
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            oracle.main(['run', '--month', '2025-07'] + args + ['--out', 'out'])
        finally:
            os.chdir(cwd)

    def lines(self, name):
        with open(os.path.join(self.dir, 'out', name), encoding='utf-8', newline='') as f:
            text = f.read()
        assert text.endswith('\n') and '\r' not in text
        return text.split('\n')[:-1]

    def close(self):
        shutil.rmtree(self.dir)


class CappedEmployee(unittest.TestCase):
    """E1: gross 3000.00 -> wage_cap = floor(3000.00 x 0.20) = 600.00.
    Own: 80 + 60 = 140 points x 5 = 700.00.
    Claims (own bucket): carry-in 2025-01 50.00, 2025-03 30.00, then 700.00.
    Paid 50 + 30 + 520 = 600; 180.00 of this month's own is over the cap.
    Liability bucket: carry-in 2025-02 40.00, cap floor(0 x 0.2) = 0 -> carried.
    Floor: minimum wage 2000.00 (the 2500.00 entry starts 2025-07-02, after
    the 1st), room 3000 - 2000 = 1000 >= 600: nothing cut.
    Conservation: 120 + 700 + 0 = 600 + carry_out + waived."""

    FILES = {
        'wages.csv': """\
            employee_id,name,region,gross_wage
            E1,张伟,shanghai,3000
            """,
        'ledger.csv': """\
            employee_id,origin_month,kind,amount
            E1,2025-03,own,30.00
            E1,2025-01,own,50.00
            E1,2025-02,liability,40.00
            X9,2025-05,liability,12.34
            X9,2025-04,own,0.00
            """,
        'v.csv': """\
            record_id,employee_id,date,code,status
            R2,E1,2025-07-10,B,
            R1,E1,2025-07-03,A,Confirmed
            """,
    }
    RULES = RULES_HEAD + """\
policy:
  own_over_cap: {policy}
liability:
  general: {{direct: 0, indirect: 0}}
  serious: {{direct: 0, indirect: 0}}
  major:   {{direct: 0, indirect: 0}}
minimum_wage:
  - {{region: shanghai, amount: 2000.00, effective_from: 2024-07-01}}
  - {{region: shanghai, amount: 2500.00, effective_from: 2025-07-02}}
codes:
  - {{code: A, name: 警告, category: general, points: 80}}
  - {{code: B, name: 记过, category: serious, points: 60}}
"""

    def month(self, policy):
        files = dict(self.FILES, **{'rules.yaml': self.RULES.format(policy=policy)})
        # no --org: every liability ratio is 0 (§2)
        return Month(files, ['--rules', 'rules.yaml', '--wages', 'wages.csv',
                             '--carry-in', 'ledger.csv', 'v.csv'])

    def test_carry(self):
        m = self.month('carry')
        try:
            self.assertEqual(m.lines('payroll.csv')[1:], [
                '2025-07,E1,张伟,shanghai,3000.00,0.00,140,700.00,0,0.00,120.00,600.00,0.00,'
                '2000.00,600.00,2400.00,220.00,0.00,wage_cap;liability_cap'])
            # own before liability only within one origin_month; origin_month first
            self.assertEqual(m.lines('carryover.csv'), [
                'employee_id,origin_month,kind,amount',
                'E1,2025-02,liability,40.00',
                'E1,2025-07,own,180.00',
                'X9,2025-05,liability,12.34'])      # no wages row: carried unchanged
            self.assertEqual(m.lines('liability.csv'), [
                'supervisor_id,level,subordinate_id,record_id,category,points,ratio,liability_points'])
            self.assertEqual(m.lines('detail.csv')[1:], [
                'R1,E1,2025-07-03,A,general,80,,,confirmed,yes,,,v.csv,3',
                'R2,E1,2025-07-10,B,serious,60,,,confirmed,yes,,,v.csv,2'])
        finally:
            m.close()

    def test_waive(self):
        m = self.month('waive')
        try:
            # the 180.00 above the cap is waived; carry-in leftovers are still carried
            self.assertEqual(m.lines('payroll.csv')[1:], [
                '2025-07,E1,张伟,shanghai,3000.00,0.00,140,700.00,0,0.00,120.00,600.00,0.00,'
                '2000.00,600.00,2400.00,40.00,180.00,wage_cap;liability_cap'])
            self.assertEqual(m.lines('carryover.csv')[1:], [
                'E1,2025-02,liability,40.00', 'X9,2025-05,liability,12.34'])
        finally:
            m.close()


class FloorCutWithLiability(unittest.TestCase):
    """Ratios: general 0.6/0.3333, serious 0.8/0.4.  Minimum wage 2740.00.
    E1 transfers on 2025-07-15: before, direct M1 + indirect M2; after, direct M2.
      R1 E1 07-02 S1 serious 20  -> M1 direct 16,   M2 indirect 8
      R2 E1 07-05 G1 general 0.5 -> M1 direct 0.3, M2 indirect 0.16665
      R3 M1 07-08 G2 general 10  -> M2 direct 6 (M1's own)
      R4 E1 07-20 G2 general 10  -> M2 direct 6 (after the transfer)
    M1: gross 2800, allowance 300, carry-in own 2025-06 20.00.
      own 10 points = 50.00; wage_cap 560.00 -> own bucket pays 20 + 50 = 70.
      liability 16.3 points x 5 = 81.50; cap floor(300 x 0.2) = 60.00 -> pays 60,
      21.50 waived (liability_over_cap: waive).
      floor: room 2800 - 2740 = 60; payments 130 -> cut 70, last claim first:
      liability 2025-07 60 -> 0 (carried 60), then own 2025-07 50 -> 40 (carried 10).
      deduction 60.00, net 2740.00, carry_out 70.00, waived 21.50;
      20 + 50 + 81.50 = 60 + 70 + 21.50.
    M2: liability 8 + 0.16665 + 6 + 6 = 20.16665 points x 5 = 100.83325 -> 100.83.
    E1: own 20 + 0.5 + 10 = 30.5 points = 152.50."""

    def setUp(self):
        rules = RULES_HEAD + """\
policy:
  own_over_cap: carry
  liability_over_cap: waive
liability:
  general: {direct: 0.60, indirect: 0.3333}
  serious: {direct: 0.80, indirect: 0.40}
  major:   {direct: 1.00, indirect: 0.50}
minimum_wage:
  - {region: shanghai, amount: 2740.00, effective_from: 2025-07-01}
codes:
  - {code: S1, name: 泄露客户信息, category: serious, points: 20}
  - {code: G1, name: 未核对客户信息, category: general, points: 0.5}
  - {code: G2, name: 服务用语不规范, category: general, points: 10}
"""
        self.m = Month({
            'rules.yaml': rules,
            'wages.csv': """\
                employee_id,name,region,gross_wage,management_allowance,floor_basis
                M1,李主管,shanghai,2800.00,300,
                M2,王经理,shanghai,8000.00,1000.00,8000
                E1,"Zhang, Wei",shanghai,5000.00,,
                """,
            'org.csv': """\
                employee_id,direct_supervisor_id,indirect_supervisor_id,effective_from,effective_to
                E1,M1,M2,,2025-07-14
                E1,M2,,2025/7/15,
                M1,M2,,2020-01-01,
                """,
            'ledger.csv': """\
                employee_id,origin_month,kind,amount
                M1,2025-06,own,20
                """,
            'v.csv': """\
                record_id,employee_id,date,code,source,case_id
                R1,E1,2025-07-02,S1,qa,C1
                R2,E1,2025-07-05,G1,complaint,C1
                R3,M1,2025/7/8,G2,,
                R4,E1,2025-07-20,G2,qa,
                """,
        }, ['--rules', 'rules.yaml', '--wages', 'wages.csv', '--org', 'org.csv',
            '--carry-in', 'ledger.csv', 'v.csv'])

    def tearDown(self):
        self.m.close()

    def test_payroll(self):
        self.assertEqual(self.m.lines('payroll.csv')[1:], [
            '2025-07,E1,"Zhang, Wei",shanghai,5000.00,0.00,30.5,152.50,0,0.00,0.00,1000.00,0.00,'
            '2740.00,152.50,4847.50,0.00,0.00,',
            '2025-07,M1,李主管,shanghai,2800.00,300.00,10,50.00,16.3,81.50,20.00,560.00,60.00,'
            '2740.00,60.00,2740.00,70.00,21.50,liability_cap;floor',
            '2025-07,M2,王经理,shanghai,8000.00,1000.00,0,0.00,20.16665,100.83,0.00,1600.00,200.00,'
            '2740.00,100.83,7899.17,0.00,0.00,'])

    def test_liability(self):
        self.assertEqual(self.m.lines('liability.csv')[1:], [
            'M1,direct,E1,R1,serious,20,0.8,16',
            'M1,direct,E1,R2,general,0.5,0.6,0.3',
            'M2,direct,M1,R3,general,10,0.6,6',
            'M2,direct,E1,R4,general,10,0.6,6',
            'M2,indirect,E1,R1,serious,20,0.4,8',
            'M2,indirect,E1,R2,general,0.5,0.3333,0.16665'])

    def test_carryover_and_detail(self):
        self.assertEqual(self.m.lines('carryover.csv')[1:], [
            'M1,2025-07,own,10.00', 'M1,2025-07,liability,60.00'])
        self.assertEqual(self.m.lines('detail.csv')[1:], [
            'R1,E1,2025-07-02,S1,serious,20,qa,C1,confirmed,yes,M1,M2,v.csv,2',
            'R2,E1,2025-07-05,G1,general,0.5,complaint,C1,confirmed,yes,M1,M2,v.csv,3',
            'R4,E1,2025-07-20,G2,general,10,qa,,confirmed,yes,M2,,v.csv,5',
            'R3,M1,2025-07-08,G2,general,10,,,confirmed,yes,M2,,v.csv,4'])


class Reset(unittest.TestCase):
    """No policy block: pending_appeal defaults to hold, liability_over_cap to waive.
    E1 (direct M1): A 07-01 G1 10, B 07-02 G2 25, plus reset records
      R4  07-05 Q (serious reset), R10 07-05 P (major reset), C 07-10 P,
      E 07-03 P overturned, F 07-04 G1 pending (held).
      others = 10 + 25 = 35; own = max(35, 100) = 100 points = 500.00.
      Earliest charged reset: 07-05, and "R10" < "R4" in byte order -> R10 shows
      100 - 35 = 65; R4 and C show 0; overturned E shows 0; held F shows 10.
    M1 liability (direct): 10x0.6 + 25x0.6 + 65x1 + 0x0.8 + 0x1 = 86 points
      = 430.00; cap floor(3000 x 0.2) = 600.00 -> paid.
    E2: G2 x 5 = 125 points > base 100 -> own stays 125 (= 625.00), reset shows 0;
      cap floor(4000 x 0.2) = 800.00.  E2's org row names no supervisor."""

    def setUp(self):
        rules = RULES_HEAD + """\
liability:
  general: {direct: 0.6, indirect: 0.3}
  serious: {direct: 0.8, indirect: 0.4}
  major: {direct: 1, indirect: 0.5}
minimum_wage:
  - {region: beijing, amount: 2420.00, effective_from: 2025-01-01}
codes:
  - {code: G1, name: 通报批评, category: general, points: 10}
  - {code: G2, name: 口头批评, category: general, points: 25}
  - {code: P, name: 留司查看, category: major, reset: true}
  - {code: Q, name: 辞退, category: serious, reset: true}
"""
        self.m = Month({
            'rules.yaml': rules,
            'wages.csv': """\
                employee_id,region,gross_wage,management_allowance
                E1,beijing,6000,0
                E2,beijing,4000,0
                M1,beijing,9000,3000
                """,
            'org.csv': """\
                employee_id,direct_supervisor_id,indirect_supervisor_id
                E1,M1,
                E2,,
                """,
            'v.csv': """\
                record_id,employee_id,date,code,status
                A,E1,2025-07-01,G1,
                B,E1,2025-07-02,G2,
                R4,E1,2025-07-05,Q,
                R10,E1,2025-07-05,P,
                C,E1,2025-07-10,P,
                E,E1,2025-07-03,P,overturned
                F,E1,2025-07-04,G1,申诉中
                """,
            'w.csv': """\
                record_id,employee_id,date,code
                E2-1,E2,2025-07-01,G2
                E2-2,E2,2025-07-02,G2
                E2-3,E2,2025-07-03,G2
                E2-4,E2,2025-07-04,G2
                E2-5,E2,2025-07-05,G2
                E2-6,E2,2025-07-06,P
                """,
        }, ['--rules', 'rules.yaml', '--wages', 'wages.csv', '--org', 'org.csv',
            '--no-carry-in', 'w.csv', 'v.csv'])

    def tearDown(self):
        self.m.close()

    def test_payroll(self):
        self.assertEqual(self.m.lines('payroll.csv')[1:], [
            '2025-07,E1,,beijing,6000.00,0.00,100,500.00,0,0.00,0.00,1200.00,0.00,'
            '2420.00,500.00,5500.00,0.00,0.00,reset;held',
            '2025-07,E2,,beijing,4000.00,0.00,125,625.00,0,0.00,0.00,800.00,0.00,'
            '2420.00,625.00,3375.00,0.00,0.00,reset',
            '2025-07,M1,,beijing,9000.00,3000.00,0,0.00,86,430.00,0.00,1800.00,600.00,'
            '2420.00,430.00,8570.00,0.00,0.00,'])

    def test_detail_points(self):
        rows = [l.split(',') for l in self.m.lines('detail.csv')[1:]]
        e1 = [(r[0], r[5], r[9]) for r in rows if r[1] == 'E1']
        self.assertEqual(e1, [('A', '10', 'yes'), ('B', '25', 'yes'), ('E', '0', 'overturned'),
                              ('F', '10', 'held'), ('R10', '65', 'yes'), ('R4', '0', 'yes'),
                              ('C', '0', 'yes')])
        self.assertEqual([r[5] for r in rows if r[1] == 'E2'], ['25'] * 5 + ['0'])
        self.assertEqual(rows[3][8], 'pending')

    def test_liability(self):
        self.assertEqual(self.m.lines('liability.csv')[1:], [
            'M1,direct,E1,A,general,10,0.6,6',
            'M1,direct,E1,B,general,25,0.6,15',
            'M1,direct,E1,C,major,0,1,0',
            'M1,direct,E1,R10,major,65,1,65',
            'M1,direct,E1,R4,serious,0,0.8,0'])


class Helpers(unittest.TestCase):
    def test_rounding_and_formats(self):
        self.assertEqual(oracle.round_half_up(5, 10), 1)      # 0.5 fen -> 1 fen
        self.assertEqual(oracle.round_half_up(4, 10), 0)
        self.assertEqual(oracle.fmt_trimmed(3000, 6), '0.003')
        self.assertEqual(oracle.fmt_trimmed(750, 2), '7.5')
        self.assertEqual(oracle.fmt_trimmed(1200, 2), '12')
        self.assertEqual(oracle.fmt_amount(123450), '1234.50')
        self.assertEqual(oracle.parse_fixed(' 4500.5 ', 2, 'x'), 450050)
        self.assertEqual(oracle.csv_field('a"b'), '"a""b"')

    def test_yaml_subset(self):
        t = oracle.parse_yaml('a: 1  # c\nb:\n- {x: "y # z", w: {p: 0.6}}\n- k: v\n  m: n\nc: {}\n')
        self.assertEqual(t, {'a': '1', 'b': [{'x': 'y # z', 'w': {'p': '0.6'}},
                                             {'k': 'v', 'm': 'n'}], 'c': {}})


if __name__ == '__main__':
    unittest.main()
