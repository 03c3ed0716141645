// The articles matching the search, as large tiles a finger can hit; the highlighted one is
// what Enter rings up.
import type { Product } from '../../../shared/domain.ts';
import { useMoney } from '../hooks/use-store-settings.ts';

export function ProductResults(props: {
  products: readonly Product[];
  highlighted: number;
  label: string;
  onChoose: (product: Product) => void;
}) {
  const { format } = useMoney();
  return (
    <ul className="results" role="listbox" aria-label={props.label}>
      {props.products.map((product, index) => (
        <li key={product.id} role="presentation">
          <button
            type="button"
            role="option"
            aria-selected={index === props.highlighted}
            className="result"
            data-testid="product-result"
            data-product-id={product.id}
            onClick={() => props.onChoose(product)}
          >
            <span className="result__name">{product.name}</span>
            <span className="result__barcode">{product.barcode ?? ''}</span>
            <span className="result__price">{format(product.priceMinor)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
