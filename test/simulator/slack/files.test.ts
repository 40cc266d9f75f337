import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../../src/simulator/slack/server.js';

const { WebClient } = webApi;
let fake: FakeSlack | undefined;

async function start() {
  fake = createFakeSlack();
  await fake.listen();
  return {
    fake,
    client: new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
  };
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('files.uploadV2 against the fake', () => {
  it('opens a direct message, takes the bytes at a loopback upload URL and shares the file there', async () => {
    const { fake, client } = await start();
    const dm = await client.conversations.open({ users: 'U1' });
    expect(dm.channel?.id).toBe(fake.dmChannel('U1'));
    const content = '{"a":1}\n{"b":2}\n';
    const res = await client.files.uploadV2({
      channel_id: dm.channel!.id!,
      filename: 'audit.jsonl',
      title: 'Audit export',
      content,
      initial_comment: 'Here it is',
    });
    expect(res.ok).toBe(true);
    const [file] = fake.files();
    expect(file).toMatchObject({ filename: 'audit.jsonl', title: 'Audit export', completed: true });
    expect(file!.content?.toString('utf8')).toBe(content);
    expect(file!.channels).toEqual([fake.dmChannel('U1')]);
    const [message] = fake.messages(fake.dmChannel('U1'));
    expect(message).toMatchObject({ text: 'Here it is', files: [{ id: file!.id, name: 'audit.jsonl' }] });
    expect(fake.callsTo('files.upload_url')).toHaveLength(1);
    expect(fake.callsTo('files.upload_url')[0]!.args).toMatchObject({ bytes: Buffer.byteLength(content) });
  });

  it('refuses to complete a file whose bytes never arrived, and an upload URL used twice', async () => {
    const { fake, client } = await start();
    const url = await client.files.getUploadURLExternal({ filename: 'x.jsonl', length: 3 });
    await expect(
      client.files.completeUploadExternal({ files: [{ id: url.file_id! }] }),
    ).rejects.toMatchObject({ data: { error: 'file_upload_incomplete' } });
    expect((await fetch(url.upload_url!, { method: 'POST', body: 'abc' })).status).toBe(200);
    expect((await fetch(url.upload_url!, { method: 'POST', body: 'abc' })).status).toBe(404);
    expect(fake.files()[0]!.content?.toString()).toBe('abc');
    await expect(client.files.getUploadURLExternal({ filename: 'x', length: 0 })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });

  it('posts to a person’s direct messages when the channel is their user id', async () => {
    const { fake, client } = await start();
    const res = await client.chat.postMessage({ channel: 'U1', text: 'hello' });
    expect(res.channel).toBe(fake.dmChannel('U1'));
    expect(fake.messages(fake.dmChannel('U1')).map((m) => m.text)).toEqual(['hello']);
  });
});
