-- rw-regular-join-natural  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/natural_and_cross_join.slt :: employee_department_natural_join (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-natural.sql --events rw-regular-join-natural.events.jsonl
-- compare: final_table
-- original query:
--   CREATE MATERIALIZED VIEW employee_department_natural_join AS
--   SELECT e.employee_name, d.department_name
--   FROM employees e NATURAL JOIN departments d
--   ORDER BY employee_name;

CREATE SOURCE employees (
  id INT,
  employee_name STRING,
  department_id INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE departments (
  department_name STRING,
  department_id INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW employee_department_natural_join AS
SELECT e.employee_name, d.department_name
FROM employees e NATURAL JOIN departments d;
