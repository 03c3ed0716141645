// The receipt on screen, line for line what the printer gets: the same document, laid out like
// the paper roll.
import type { ReceiptDocument, ReceiptLine } from '../../../shared/receipt.ts';
import { useT } from '../../i18n/context.tsx';

function PreviewLine(props: { line: ReceiptLine }) {
  const { line } = props;
  switch (line.kind) {
    case 'text': {
      const classes = [
        'paper__text',
        `paper__text--${line.align}`,
        line.isBold ? 'paper__text--bold' : '',
        line.isLarge ? 'paper__text--large' : '',
      ];
      return (
        <div className={classes.join(' ')} data-testid="receipt-line" data-kind="text">
          {line.text}
        </div>
      );
    }
    case 'pair':
      return (
        <div
          className={`paper__pair${line.isBold ? ' paper__pair--bold' : ''}`}
          data-testid="receipt-line"
          data-kind="pair"
        >
          <span>{line.left}</span>
          <span>{line.right}</span>
        </div>
      );
    case 'rule':
      return <hr className="paper__rule" data-testid="receipt-line" data-kind="rule" />;
    case 'qr':
      return (
        <div className="paper__qr" data-testid="receipt-line" data-kind="qr">
          {line.data}
        </div>
      );
  }
}

export function ReceiptPreview(props: { document: ReceiptDocument }) {
  const t = useT();
  return (
    <figure
      className="paper"
      data-testid="receipt-preview"
      data-order-id={props.document.orderId}
      aria-label={t('receipt.preview')}
    >
      {props.document.lines.map((line, index) => (
        <PreviewLine key={index} line={line} />
      ))}
    </figure>
  );
}
