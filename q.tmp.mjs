import pg from "pg";
const c = new pg.Client({host:"127.0.0.1",port:44549,user:"loom",password:"loom",database:"loom_soak"});
await c.connect();
const r = await c.query(process.argv[2]);
console.table(r.rows);
await c.end();
