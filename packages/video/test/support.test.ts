import { describe, expect, it } from 'vitest';
import { checkSupport, hasWebCodecs } from '@nextevent/video';

describe('checkSupport in Node', () => {
  it('has no WebCodecs but loads @mediabunny/server and decodes the common codecs', async () => {
    expect(hasWebCodecs()).toBe(false);
    const s = await checkSupport();
    expect(s.webCodecs).toBe(false);
    expect(s.nodeCodecs).toBe(true);
    expect(s.secureContext).toBeNull();
    expect(s.decodable).toEqual(expect.arrayContaining(['avc', 'vp9', 'av1']));
    expect(s.encodable).toContain('avc');
    expect(s.reason).toBeNull();
  });
});
