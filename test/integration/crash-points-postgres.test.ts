import { crashPointSuite } from '../support/crash-points-suite.js';
import { postgresForTestFile } from '../support/postgres.js';

const postgres = await postgresForTestFile('crash points on PostgreSQL');

crashPointSuite('PostgreSQL', postgres ? async () => (await postgres.createDatabase()).url : null);
