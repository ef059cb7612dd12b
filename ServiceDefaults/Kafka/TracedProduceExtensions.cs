using System.Diagnostics;
using Confluent.Kafka;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>Produce with a <c>send</c> span and W3C context in the headers: the only way our services produce.</summary>
public static class TracedProduceExtensions
{
    /// <summary>Produces one message, awaiting the broker's acknowledgement, inside a Producer span.</summary>
    public static async Task<DeliveryResult<string, byte[]>> ProduceTracedAsync(
        this IProducer<string, byte[]> producer,
        string topic,
        Message<string, byte[]> message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
        using var activity = KafkaTracing.StartSendActivity(topic, message);
        try
        {
            var delivered = await producer.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            KafkaTracing.RecordDelivery(activity, delivered.TopicPartitionOffset);
            return delivered;
        }
        catch (Exception e)
        {
            KafkaTracing.RecordError(activity, e);
            throw;
        }
    }

    /// <summary>
    /// Produces without awaiting (high throughput); the span ends when the delivery report arrives, then
    /// <paramref name="deliveryHandler"/> runs on the client's poll thread. Check the report's error there.
    /// </summary>
    public static void ProduceTraced(
        this IProducer<string, byte[]> producer,
        string topic,
        Message<string, byte[]> message,
        Action<DeliveryReport<string, byte[]>>? deliveryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var caller = Activity.Current;
        var activity = KafkaTracing.StartSendActivity(topic, message);
        // The span outlives this call: give the caller back its own current activity.
        Activity.Current = caller;
        try
        {
            producer.Produce(topic, message, report =>
            {
                var pollThreadCurrent = Activity.Current;
                if (report.Error.IsError)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, report.Error.Reason);
                    activity?.SetTag("error.type", report.Error.Code.ToString());
                }
                else
                {
                    KafkaTracing.RecordDelivery(activity, report.TopicPartitionOffset);
                }

                activity?.Dispose();
                Activity.Current = pollThreadCurrent;
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception e)
        {
            KafkaTracing.RecordError(activity, e);
            activity?.Dispose();
            Activity.Current = caller;
            throw;
        }
    }
}
