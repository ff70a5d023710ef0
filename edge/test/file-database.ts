import pg from "pg";

let copies = 0;
let copying: Promise<unknown> = Promise.resolve();

/**
 * A new database cloned from `templateUrl`'s (migrations applied once, copied in milliseconds), for a
 * test file that must not share rows with the files running beside it: a render node's claim takes any
 * workspace's render from the queue. One copy at a time, since PostgreSQL refuses to copy a template
 * that another copy is reading.
 */
export function copyDatabase(templateUrl: string): Promise<string> {
  const source = new URL(templateUrl).pathname.slice(1);
  const copy = new URL(templateUrl);
  copy.pathname = `/${source}_${++copies}`;
  const admin = new URL(templateUrl);
  admin.pathname = "/postgres";
  const made = copying.then(async () => {
    const client = new pg.Client({ connectionString: admin.href });
    await client.connect();
    try {
      await client.query(
        `create database "${copy.pathname.slice(1)}" template "${source}" strategy file_copy`,
      );
    } finally {
      await client.end();
    }
    return copy.href;
  });
  copying = made.catch(() => {});
  return made;
}
