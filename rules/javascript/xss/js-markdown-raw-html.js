import ReactMarkdown from 'react-markdown';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';

export function Comment({ body }) {
  return (
    <div>
      {/* ruleid: js-markdown-raw-html */}
      <ReactMarkdown escapeHtml={false}>{body}</ReactMarkdown>
      {/* ruleid: js-markdown-raw-html */}
      <ReactMarkdown rehypePlugins={[rehypeRaw]}>{body}</ReactMarkdown>
      {/* ok: js-markdown-raw-html */}
      <ReactMarkdown rehypePlugins={[rehypeSanitize]}>{body}</ReactMarkdown>
    </div>
  );
}
