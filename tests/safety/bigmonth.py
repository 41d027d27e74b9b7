#!/usr/bin/env python3
"""Writes a valid month big enough that writing its outputs takes a while:
bigmonth.py DIR RECORDS.  Deterministic; teams of 10 under a lead and a
manager, so that liability.csv has two rows per record."""
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
agents = max(10, n // 10)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "rules.yaml"), "w") as f:
    f.write("""schema: 1
name: big
effective_from: 2013-01
yuan_per_point: 5
quality_score_base: 100
caps: {wage_ratio: 0.20, liability_ratio: 0.20}
liability:
  general: {direct: 0.6, indirect: 0.3}
  serious: {direct: 0.8, indirect: 0.4}
  major: {direct: 1, indirect: 0.5}
minimum_wage:
  - {region: shanghai, amount: 2740.00, effective_from: 2025-07-01}
codes:
  - {code: A01, name: a, category: general, points: 5}
  - {code: B01, name: b, category: serious, points: 20}
""")
with open(os.path.join(out, "wages.csv"), "w") as w, open(os.path.join(out, "org.csv"), "w") as o:
    w.write("employee_id,name,region,gross_wage,management_allowance\n")
    o.write("employee_id,direct_supervisor_id,indirect_supervisor_id\n")
    w.write("M0,manager,shanghai,20000.00,5000.00\n")
    o.write("M0,,\n")
    for t in range(agents // 10 + 1):
        w.write(f"T{t},lead {t},shanghai,12000.00,2000.00\n")
        o.write(f"T{t},M0,\n")
    for a in range(agents):
        w.write(f"A{a},agent {a},shanghai,{5000 + a % 3000}.00,0\n")
        o.write(f"A{a},T{a // 10},M0\n")
with open(os.path.join(out, "violations.csv"), "w") as v:
    v.write("record_id,employee_id,date,code,source,case_id,status\n")
    for i in range(n):
        v.write(f"R{i:08d},A{i % agents},2026-09-{1 + i % 28:02d},{'A01' if i % 3 else 'B01'},qa,C{i},\n")
