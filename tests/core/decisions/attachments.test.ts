import { readReply } from '../../../src/core/decisions/index.js';

// A customer's email reply may carry files and inline images. Zendesk keeps them as the comment's attachments
// (and as <img> tags in its html_body); only the words decide, as README's note on attachments says.

describe('readReply on replies that carry attachments', () => {
  it('reads a reply that is only an inline image (a screenshot) as UNCLEAR, for an agent to look at', () => {
    const html =
      '<div dir="ltr"><img src="https://acme.zendesk.com/attachments/token/abc/?name=image.png" alt="image.png"></div>';
    expect(readReply({ html }).decision).toBe('UNCLEAR');
  });

  it("never reads an image's name or alt text as an answer", () => {
    const html = '<p>GO</p><p><img src="cid:ii_1" alt="NO-GO checklist.png" title="NO-GO"></p>';
    expect(readReply({ html }).decision).toBe('GO');
  });
});
