import { openDatabase } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';
import { describeBreak, verifyAudit } from './platform/audit.ts';

// `npm run audit:verify`: recomputes the hash chains of every invoice history and security log;
// exits with 1 and lists each broken link when the archive was altered.
try {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    const report = await verifyAudit(database.db, (m) => process.stderr.write(`\r${m}`));
    process.stderr.write('\n');
    console.log(
      `${report.historyRows} lignes d’historique de ${report.invoices} factures et ${report.securityEvents} événements de sécurité de ${report.users} utilisateurs vérifiés.`,
    );
    if (report.breaks.length === 0) console.log('Chaînes intactes : aucune modification détectée.');
    else {
      console.log(`${report.breaks.length} maillon(s) rompu(s) :`);
      for (const b of report.breaks) console.log(`- ${describeBreak(b)}`);
      process.exitCode = 1;
    }
  } finally {
    await database.destroy();
  }
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
