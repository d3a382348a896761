/** `POST /api/tickets/:id/preview`: the comment a change would post, rendered for the requester. */
export interface PreviewView {
  /** The template of the comment, or the asked type when the change posts nothing. */
  type: string;
  public: boolean;
  /** The requester's locale the comment is written in; null when unknown (the default language). */
  locale: string | null;
  text: string;
  html: string;
  attachments?: { filename: string; contentType: string }[];
  /** False when the change would post no comment. */
  posts: boolean;
}
