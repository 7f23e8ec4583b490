import { PAGES } from '../routes.ts';
import { useTitle } from '../use-title.ts';

export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'product' }) {
  useTitle(what === 'product' ? 'Product not found' : 'Page not found');
  return (
    <section class="not-found">
      <h1>{what === 'product' ? 'Product not found' : 'Page not found'}</h1>
      <p>
        {what === 'product'
          ? 'We don’t sell that product (any more). Have a look at what we do sell.'
          : 'There is nothing at this address. It may have moved, or the link may be mistyped.'}
      </p>
      <p>
        <a class="button" href={PAGES.catalogue}>
          Browse all products
        </a>{' '}
        <a href={PAGES.home}>Go to the home page</a>
      </p>
    </section>
  );
}
