import { createBot } from './bot.js';
import { loadConfig, secretsOf } from './config.js';
import { ConfigError } from './errors.js';
import { keepHeapNearLive } from './heap-tuning.js';
import { createLogger } from './logger.js';

/**
 * `node dist/main.js` (`npm start`): reads the environment, starts the bot, and stops it cleanly on
 * SIGTERM/SIGINT. `node dist/main.js doctor` (`npm run doctor`) checks the setup instead.
 */
async function startBot(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  keepHeapNearLive();
  const bot = await createBot({ config, logger });
  await bot.start();
  logger.info({ mode: config.slack.mode }, 'vps-chatops is running');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error('did not stop within 20 s; exiting');
      process.exit(1);
    }, 20_000);
    deadline.unref();
    bot.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  // The policy file is read again on SIGHUP; a bad new file keeps the old policy (and says so).
  process.on('SIGHUP', () => {
    void bot.reloadPolicy().catch((error) => logger.error({ err: error }, 'reloading the policy failed'));
  });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Loaded only for the command, so the bot's start does not load the doctor (nor it the bot). */
async function doctor(): Promise<void> {
  const { doctorCommand } = await import('./doctor/command.js');
  process.exit(await doctorCommand(process.env, process.stdout));
}

const command = process.argv[2];
const run = command === undefined ? startBot : command === 'doctor' ? doctor : null;
if (run === null) {
  process.stderr.write(`Unknown command "${command}". Usage: node dist/main.js [doctor]\n`);
  process.exit(64); // EX_USAGE
}
run().catch((error) => {
  process.stderr.write(
    `vps-chatops failed to ${command ?? 'start'}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
